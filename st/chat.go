package st

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gost-dev/gost/internal/script"
)

var (
	chatMessage = element{"chat_message", "st.ChatMessage", true, takes(optAvatar)}
	chatInput   = element{"chat_input", "st.ChatInput", true, takes(optKey, optDisabled, optMaxChars, optOnSubmit)}
)

// ChatMessage returns a Ctx that draws into one message of a chat, like
// Streamlit's st.chat_message: role "user" and "assistant" have their own
// icons, any other name its initial, and [Ctx.Avatar] sets an emoji or an
// image instead.
//
//	for _, m := range history {
//		st.ChatMessage(m.Role).Markdown(m.Text)
//	}
func (c *Ctx) ChatMessage(role string, opts ...Option) *Ctx {
	cfg, _ := c.check(chatMessage, role, opts) // drawn all the same, as a container
	props := struct {
		Role      string `json:"role"`
		Avatar    string `json:"avatar,omitempty"`     // text: an emoji
		AvatarURL string `json:"avatar_url,omitempty"` // or an image
	}{Role: role}
	if a := cfg.avatar; strings.Contains(a, "://") || strings.HasPrefix(a, "/") {
		u, err := webURL(a)
		if err != nil {
			c.fail(chatMessage, role, fmt.Errorf("Avatar: %w", err))
		}
		props.AvatarURL = u
	} else {
		props.Avatar = a
	}
	return c.in(c.add(chatMessage.kind, props))
}

// ChatInput draws a text box pinned to the bottom of the page, like
// Streamlit's st.chat_input, and returns the text the user sent with it:
// for exactly the one run that follows, like a button's click; "" in
// every other run. placeholder is the text the empty box shows, and its
// identity (or [Ctx.Key]). [Ctx.OnSubmit] runs a callback first;
// [Ctx.MaxChars] limits the text, in the page and on the server, which
// drops longer text (and logs it) so the app never sees it;
// [Ctx.Disabled] greys it out (the server then takes no text from it).
//
//	if prompt := st.ChatInput("Say something"); prompt != "" {
//		st.ChatMessage("user").Markdown(prompt)
//	}
func (c *Ctx) ChatInput(placeholder string, opts ...Option) string {
	cfg, ok := c.check(chatInput, placeholder, opts)
	if !ok {
		return ""
	}
	if c.formKey() != "" {
		c.fail(chatInput, placeholder, errors.New("cannot be used in a form"))
		return ""
	}
	if cfg.maxChars < 0 {
		c.fail(chatInput, placeholder, fmt.Errorf("MaxChars(%d) is negative", cfg.maxChars))
		return ""
	}
	maxChars, disabled := cfg.maxChars, cfg.disabled
	spec := script.Widget{Kind: chatInput.kind, Label: placeholder, Default: "", Once: true,
		Decode: func(v any) (any, bool) {
			s, ok := v.(string)
			if !ok {
				return nil, false
			}
			if s == "" {
				return s, true
			}
			// The page refuses these too; a page that sends them anyway
			// is not the app's to answer.
			if disabled || maxChars > 0 && utf8.RuneCountInString(s) > maxChars {
				return nil, false
			}
			return s, true
		}}
	id, v, _, ok := c.widget(spec, cfg)
	if !ok {
		return ""
	}
	c.draw(chatInput.kind, id, struct {
		Placeholder string `json:"placeholder,omitempty"`
		Disabled    bool   `json:"disabled,omitempty"`
		MaxChars    int    `json:"max_chars,omitempty"`
	}{placeholder, cfg.disabled, cfg.maxChars})
	return v.(string)
}
