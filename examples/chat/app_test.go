package main

// The chat as its user meets it: in memory with sttest, and in headless
// Chromium.

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/sttest"
)

func TestMain(m *testing.M) {
	// The tests talk to the fake model, whatever the environment says.
	model = fake{pause: 40 * time.Millisecond}
	os.Exit(browsertest.Main(m))
}

func TestChatAnswersWordByWordAndKeepsTheHistory(t *testing.T) {
	t.Parallel()
	app := sttest.Run(t, App)
	n := app.RequestChat("What is gost?")
	// The answer shows while it arrives, before the run is over.
	app.WaitUntil(func() bool { return app.Contains("You said:") })
	if app.Contains("one word at a time.") {
		t.Fatalf("the whole answer was there at once: %q", app.Texts())
	}
	app.Wait(n)
	msgs := app.All("chat_message")
	if len(msgs) != 2 || msgs[0].Props["role"] != "user" || msgs[1].Props["role"] != "assistant" {
		t.Fatalf("messages %v", app.Texts())
	}
	if got := msgs[1].Texts(); len(got) != 1 || !strings.HasPrefix(got[0], "You said: What is gost?") || !strings.HasSuffix(got[0], "one word at a time.") {
		t.Errorf("the answer reads %q", got)
	}
	app.Chat("And then?")
	if msgs := app.All("chat_message"); len(msgs) != 4 || msgs[0].Texts()[0] != "What is gost?" || !strings.Contains(msgs[3].Texts()[0], "And then?") {
		t.Errorf("after a second question the page shows %q", app.Texts())
	}
}

func TestChatRefusesAnOverlongMessage(t *testing.T) {
	t.Parallel()
	app := sttest.Run(t, App)
	app.Chat(strings.Repeat("x", 4001))
	if len(app.All("chat_message")) != 0 {
		t.Errorf("a message over MaxChars reached the app: %q", app.Texts())
	}
}

func TestChatInChromiumStreamsTheAnswer(t *testing.T) {
	t.Parallel()
	srv := browsertest.Serve(t, App)
	p := browsertest.New(t)
	p.Open(srv.URL)
	p.WaitText("Chat")
	// Record every length the answer shows, as the page changes.
	p.Exec(`(() => {
		window.__lens = [];
		new MutationObserver(() => {
			const a = document.querySelector('.chat-message[data-role=assistant] .stream');
			const n = a ? a.textContent.length : 0;
			if (n && window.__lens[window.__lens.length - 1] !== n) window.__lens.push(n);
			// Markdown rendered while the answer still arrives.
			if (a && a.querySelector('strong') && !a.textContent.includes('one word at a time.')) window.__boldEarly = true;
		}).observe(document.getElementById('main'), { subtree: true, childList: true, characterData: true });
	})()`)
	p.Do("type a question", chromedp.SendKeys(chromedp.JSPath(`document.querySelector(".chat-input textarea")`), "Hello there"+kb.Enter))
	p.WaitTextIn(".chat-message[data-role=user]", "Hello there")
	p.WaitTextIn(".chat-message[data-role=assistant]", "one word at a time.")
	lens := browsertest.Eval[[]int](p, `window.__lens`)
	// 24 words, 40 ms apart: the answer grew in many steps, never shrank.
	if len(lens) < 10 {
		t.Errorf("the answer showed %d lengths as it arrived, want it to grow word by word: %v", len(lens), lens)
	}
	for i := 1; i < len(lens); i++ {
		if lens[i] < lens[i-1]-10 { // the final rendering may drop the ** of bold
			t.Errorf("the answer shrank from %d to %d characters", lens[i-1], lens[i])
		}
	}
	if !browsertest.Eval[bool](p, `!!window.__boldEarly`) {
		t.Error("the answer's **bold** was not rendered until the answer ended")
	}
	if html := p.Text(".chat-message[data-role=assistant] strong"); html != "Hello there" {
		t.Errorf("the answer's Markdown is not rendered: <strong> holds %q", html)
	}
	if v := browsertest.Eval[string](p, `document.querySelector('.chat-input textarea').value`); v != "" {
		t.Errorf("the chat input kept %q after sending", v)
	}
	// The page refuses more than MaxChars, as the server does.
	if n := browsertest.Eval[int](p, `document.querySelector('.chat-input textarea').maxLength`); n != 4000 {
		t.Errorf("the chat input takes %d characters, want MaxChars, 4000", n)
	}
	// The input stays at the bottom of the window.
	if gap := browsertest.Eval[float64](p, `innerHeight - document.querySelector('.chat-input').getBoundingClientRect().bottom`); gap < 0 || gap > 40 {
		t.Errorf("the chat input ends %.0f px above the bottom of the window", gap)
	}
}

// A question sent while the last answer still streams stops that answer
// (its model is told, by its context) and answers the new one.
func TestChatMovesOnToANewQuestionMidAnswer(t *testing.T) {
	t.Parallel()
	app := sttest.Run(t, App)
	app.RequestChat("first")
	app.WaitUntil(func() bool { return app.Contains("You said:") })
	app.Chat("second")
	var roles, texts []string
	for _, m := range app.All("chat_message") {
		roles = append(roles, m.Props["role"].(string))
		texts = append(texts, strings.Join(m.Texts(), " "))
	}
	if strings.Join(roles, " ") != "user user assistant" || texts[0] != "first" || texts[1] != "second" ||
		!strings.HasPrefix(texts[2], "You said: second.") || !strings.HasSuffix(texts[2], "one word at a time.") {
		t.Errorf("after moving on the chat shows %q as %q", texts, roles)
	}
}
