package devprovider

import (
	"context"
	"html/template"
	"net/http"
	"net/mail"
	"strings"
)

const (
	loginPath     = "/login"
	loggedOutPath = "/logged-out"
)

// loginPage is the development provider's stand-in for a real login: a
// form asking whom to log in as.
type loginPage struct {
	storage  *storage
	callback func(ctx context.Context, id string) string
}

var loginTemplate = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>gost development login</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem;color:#222}
.warn{background:#fff3cd;border:1px solid #e0c36a;padding:.6rem .8rem;border-radius:.4rem}
label{display:block;margin-top:1rem}input{width:100%;padding:.4rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1.2rem;padding:.5rem 1.2rem;font-size:1rem}.err{color:#b00020}
</style></head><body>
<h1>gost development login — not for production</h1>
<p class="warn">This provider logs you in as whoever you type below, without a password. It exists only for developing apps on this machine.</p>
{{if .Error}}<p class="err">{{.Error}}</p>{{end}}
<form method="post" action="` + loginPath + `">
<input type="hidden" name="id" value="{{.ID}}">
<label>Name <input name="name" value="{{.Name}}" required autofocus></label>
<label>Email <input name="email" type="email" value="{{.Email}}" required></label>
<label>App roles, comma separated (optional) <input name="roles" value="{{.Roles}}" placeholder="admin, reader"></label>
<button type="submit">Log in</button>
</form></body></html>`))

const loggedOutHTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Logged out</title></head>
<body style="font-family:system-ui,sans-serif;max-width:26rem;margin:4rem auto">
<h1>gost development login — not for production</h1><p>You are logged out.</p></body></html>`

type loginForm struct{ ID, Name, Email, Roles, Error string }

func (l *loginPage) show(w http.ResponseWriter, r *http.Request) {
	l.render(w, http.StatusOK, loginForm{ID: r.URL.Query().Get("id")})
}

func (l *loginPage) submit(w http.ResponseWriter, r *http.Request) {
	f := loginForm{ID: r.PostFormValue("id"), Name: strings.TrimSpace(r.PostFormValue("name")),
		Email: strings.TrimSpace(r.PostFormValue("email")), Roles: r.PostFormValue("roles")}
	var roles []string
	for _, role := range strings.Split(f.Roles, ",") {
		if role = strings.TrimSpace(role); role != "" {
			roles = append(roles, role)
		}
	}
	if f.Name == "" {
		f.Error = "Please type a name."
	} else if a, err := mail.ParseAddress(f.Email); err != nil || a.Address != f.Email {
		f.Error = "Please type an email address such as ada@example.com."
	}
	if f.Error != "" {
		l.render(w, http.StatusBadRequest, f)
		return
	}
	if err := l.storage.login(f.ID, user{Subject: subjectFor(f.Email), Name: f.Name, Email: f.Email, Roles: roles}); err != nil {
		f.Error = "This login has expired. Go back to the app and log in again."
		l.render(w, http.StatusBadRequest, f)
		return
	}
	http.Redirect(w, r, l.callback(r.Context(), f.ID), http.StatusFound)
}

func (l *loginPage) render(w http.ResponseWriter, status int, f loginForm) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	loginTemplate.Execute(w, f)
}
