package st

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Audio draws an audio player. data is the sound: bytes (WAV, MP3, Ogg,
// FLAC, M4A…), an [io.Reader] such as an opened file, read to its end, or
// the URL of a sound elsewhere (http://, https://, or a path on this
// server starting with /). The player can seek anywhere: the server
// answers the browser's range requests.
//
//	f, err := os.Open("intro.mp3")
//	…
//	defer f.Close()
//	st.Audio(f, st.StartTime(30*time.Second))
//
// [Ctx.MIME] names the format when the bytes do not tell it (an MP3
// without an ID3 tag: st.MIME("audio/mpeg")). Options: [Ctx.MIME],
// [Ctx.StartTime], [Ctx.Loop], [Ctx.Autoplay]. The session holds the
// bytes, at most [MaxMediaSize], while its page shows the player, and
// serves them only to its own browser; a larger file wants a URL. A
// reader is read on every run that draws the player, as bytes are
// hashed: for a large file, read it once ([CacheData]) and pass the
// bytes.
func (c *Ctx) Audio(data any, opts ...Option) {
	c.media(audioElement, data, opts)
}

// Video draws a video player, from data as [Ctx.Audio] takes it (MP4,
// WebM, Ogg). Options: those of [Ctx.Audio] and [Ctx.Muted].
func (c *Ctx) Video(data any, opts ...Option) {
	c.media(videoElement, data, opts)
}

var (
	audioElement = element{"audio", "st.Audio", false, takes(optMIME, optStartTime, optLoop, optAutoplay)}
	videoElement = element{"video", "st.Video", false, takes(optMIME, optStartTime, optLoop, optAutoplay, optMuted)}
)

// MaxMediaSize bounds the bytes of one audio or video the session holds.
// Larger media are best served elsewhere and shown by URL.
const MaxMediaSize = 64 << 20

// mediaOptions are the options of st.Audio and st.Video.
type mediaOptions struct {
	start                 time.Duration
	loop, autoplay, muted bool
}

func (c *Ctx) media(e element, data any, opts []Option) {
	cfg, ok := c.check(e, "", opts)
	if !ok {
		return
	}
	src, err := c.mediaSource(e.kind, cfg.mime, data)
	if err == nil && cfg.media.start < 0 {
		err = fmt.Errorf("StartTime(%s): want 0 or more", cfg.media.start)
	}
	if err != nil {
		c.fail(e, "", err)
		return
	}
	c.add(e.kind, struct {
		Src      string  `json:"src"`
		Start    float64 `json:"start,omitempty"` // seconds
		Loop     bool    `json:"loop,omitempty"`
		Autoplay bool    `json:"autoplay,omitempty"`
		Muted    bool    `json:"muted,omitempty"`
	}{src, cfg.media.start.Seconds(), cfg.media.loop, cfg.media.autoplay, cfg.media.muted})
}

// mediaSource returns what a player's src is: a URL, checked, or the path
// of the bytes in the session's media.
func (c *Ctx) mediaSource(kind, mediaType string, v any) (string, error) {
	var data []byte
	switch v := v.(type) {
	case string:
		return webURL(v)
	case []byte:
		data = v
	case nil:
		return "", fmt.Errorf("the %s is nil", kind)
	case io.Reader:
		b, err := io.ReadAll(io.LimitReader(v, MaxMediaSize+1))
		if err != nil {
			return "", fmt.Errorf("reading the %s: %w", kind, err)
		}
		data = b
	default:
		return "", fmt.Errorf("cannot play a %T: want []byte, an io.Reader or a URL", v)
	}
	if len(data) > MaxMediaSize {
		return "", fmt.Errorf("the %s has more than %d MiB, more than gost holds for a page: serve it elsewhere and pass its URL", kind, MaxMediaSize>>20)
	}
	if len(data) == 0 {
		return "", fmt.Errorf("the %s has no bytes", kind)
	}
	if mediaType == "" {
		t, err := mediaTypeOf(kind, data)
		if err != nil {
			return "", err
		}
		mediaType = t
	} else if !strings.HasPrefix(mediaType, kind+"/") {
		return "", fmt.Errorf("MIME(%q): want a type of %s, such as %s", mediaType, kind, map[string]string{"audio": "audio/mpeg", "video": "video/mp4"}[kind])
	}
	return mediaPath + c.run.Media().PutInline(mediaType, data), nil
}

// mediaTypeOf tells the type of audio or video data by its first bytes.
// Sniffing names some containers by one kind (Ogg, MP4, WebM hold both):
// they are named by the kind the app draws.
func mediaTypeOf(kind string, data []byte) (string, error) {
	t := http.DetectContentType(data)
	_, sub, _ := strings.Cut(t, "/")
	switch {
	case strings.HasPrefix(t, kind+"/"):
		return t, nil
	case t == "application/ogg", kind == "audio" && (t == "video/mp4" || t == "video/webm"):
		return kind + "/" + sub, nil
	}
	return "", errors.New("cannot tell the format from its bytes (they look like " + t + "): name it with st.MIME, as st.MIME(\"" +
		map[string]string{"audio": "audio/mpeg", "video": "video/mp4"}[kind] + "\")")
}

// StartTime makes an audio or video player start at d from its beginning
// (Streamlit's start_time).
func (*Ctx) StartTime(d time.Duration) Option {
	return option{optStartTime, func(c *config) { c.media.start = d }}
}

// Loop makes an audio or video player start again at its end when loop is
// true.
func (*Ctx) Loop(loop bool) Option {
	return flagOf(optLoop, loop)
}

// Autoplay starts an audio or video player as the page shows it when
// autoplay is true. Browsers let only muted media play on their own until
// the user has interacted with the page.
func (*Ctx) Autoplay(autoplay bool) Option {
	return flagOf(optAutoplay, autoplay)
}

// Muted starts a video player without sound when muted is true.
func (*Ctx) Muted(muted bool) Option {
	return flagOf(optMuted, muted)
}
