package st_test

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// TestEveryOptionAppliesOrErrors calls every element that takes options
// with every option: one the element reads draws it without an exception;
// any other is an exception that names the call and the option, and the
// element is not drawn.
func onePage(st *st.Ctx) {}

func TestEveryOptionAppliesOrErrors(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
	rows := []struct{ X, Y float64 }{{1, 2}, {2, 3}}
	choices := []string{"a", "b"}
	button := "Key Help Disabled "
	widget := button + "LabelVisibility "
	elements := []struct {
		call  string // as the exception names it
		kind  string // the node drawn
		value any    // a good Value for it
		takes string
		draw  func(st *st.Ctx, o st.Option)
	}{
		{`st.Button "L"`, "button", nil, button + "Primary OnClick", func(st *st.Ctx, o st.Option) { st.Button("L", o) }},
		{`st.FormSubmitButton "L"`, "form_submit_button", nil, button + "Primary OnClick", func(st *st.Ctx, o st.Option) { st.Form("f").FormSubmitButton("L", o) }},
		{`st.DownloadButton "L"`, "download_button", nil, button + "Primary OnClick MIME", func(st *st.Ctx, o st.Option) { st.DownloadButton("L", []byte("x"), "x.txt", o) }},
		{`st.LinkButton "L"`, "link_button", nil, "Help Disabled Primary", func(st *st.Ctx, o st.Option) { st.LinkButton("L", "https://example.com", o) }},
		{`st.Checkbox "L"`, "checkbox", true, widget + "Value OnChange QueryParam", func(st *st.Ctx, o st.Option) { st.Checkbox("L", o) }},
		{`st.Toggle "L"`, "toggle", true, widget + "Value OnChange QueryParam", func(st *st.Ctx, o st.Option) { st.Toggle("L", o) }},
		{`st.TextInput "L"`, "text_input", "v", widget + "Value Placeholder MaxChars Password OnChange QueryParam", func(st *st.Ctx, o st.Option) { st.TextInput("L", o) }},
		{`st.TextArea "L"`, "text_area", "v", widget + "Value Placeholder MaxChars OnChange QueryParam", func(st *st.Ctx, o st.Option) { st.TextArea("L", o) }},
		{`st.NumberInput "L"`, "number_input", 1, widget + "Value Min Max Step OnChange QueryParam", func(st *st.Ctx, o st.Option) { st.NumberInput("L", o) }},
		{`st.Slider "L"`, "slider", 1, widget + "Value Step OnChange QueryParam", func(st *st.Ctx, o st.Option) { st.Slider("L", 0, 10, o) }},
		{`st.Selectbox "L"`, "selectbox", "b", widget + "Value Index Placeholder OnChange QueryParam FormatFunc", func(st *st.Ctx, o st.Option) { st.Selectbox("L", choices, o) }},
		{`st.Radio "L"`, "radio", "b", widget + "Value Index Horizontal OnChange QueryParam FormatFunc", func(st *st.Ctx, o st.Option) { st.Radio("L", choices, o) }},
		{`st.Multiselect "L"`, "multiselect", []string{"b"}, widget + "Value Placeholder OnChange FormatFunc", func(st *st.Ctx, o st.Option) { st.Multiselect("L", choices, o) }},
		{`st.DateInput "L"`, "date_input", time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), widget + "Value MinDate MaxDate OnChange", func(st *st.Ctx, o st.Option) { st.DateInput("L", o) }},
		{`st.PageLink "L"`, "page_link", nil, "Help Disabled PageIcon", func(st *st.Ctx, o st.Option) {
			st.Navigation(st.Page(onePage))
			st.PageLink("", "L", o)
		}},
		{`st.SelectSlider "L"`, "select_slider", "b", widget + "Value OnChange FormatFunc", func(st *st.Ctx, o st.Option) { st.SelectSlider("L", choices, o) }},
		{`st.Pills "L"`, "pills", "b", widget + "Value OnChange FormatFunc", func(st *st.Ctx, o st.Option) { st.Pills("L", choices, o) }},
		{`st.SegmentedControl "L"`, "segmented_control", "b", widget + "Value OnChange FormatFunc", func(st *st.Ctx, o st.Option) { st.SegmentedControl("L", choices, o) }},
		{`st.RangeSlider "L"`, "range_slider", [2]float64{2, 4}, widget + "Value Step OnChange", func(st *st.Ctx, o st.Option) { st.RangeSlider("L", 0, 10, o) }},
		{`st.TimeInput "L"`, "time_input", time.Date(2026, 1, 2, 9, 30, 0, 0, time.UTC), widget + "Value Step OnChange", func(st *st.Ctx, o st.Option) { st.TimeInput("L", o) }},
		{`st.DateRangeInput "L"`, "date_range_input", [2]time.Time{time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 9, 0, 0, 0, 0, time.UTC)}, widget + "Value MinDate MaxDate OnChange", func(st *st.Ctx, o st.Option) { st.DateRangeInput("L", o) }},
		{`st.Feedback "stars"`, "feedback", nil, "Key Disabled OnChange", func(st *st.Ctx, o st.Option) { st.Feedback("stars", o) }},
		{`st.ColorPicker "L"`, "color_picker", "#ff0000", widget + "Value OnChange", func(st *st.Ctx, o st.Option) { st.ColorPicker("L", o) }},
		{`st.Component "test-stars"`, "component", 1, "Key Value Disabled OnChange Height", func(st *st.Ctx, o st.Option) { stars.Call(st, nil, o) }},
		{`st.HTML`, "html", nil, "Height", func(st *st.Ctx, o st.Option) { st.HTML("<b>x</b>", o) }},
		{`st.Iframe`, "iframe", nil, "Width Height", func(st *st.Ctx, o st.Option) { st.Iframe("https://example.com/", o) }},
		{`st.IframeHTML`, "iframe", nil, "Width Height", func(st *st.Ctx, o st.Option) { st.IframeHTML("<b>x</b>", o) }},
		{`st.Metric "L"`, "metric", nil, "Help Delta DeltaColor", func(st *st.Ctx, o st.Option) { st.Metric("L", 1, o) }},
		{`st.Title`, "title", nil, "UnsafeAllowHTML", func(st *st.Ctx, o st.Option) { st.Title("t", o) }},
		{`st.Header`, "header", nil, "UnsafeAllowHTML", func(st *st.Ctx, o st.Option) { st.Header("t", o) }},
		{`st.Subheader`, "subheader", nil, "UnsafeAllowHTML", func(st *st.Ctx, o st.Option) { st.Subheader("t", o) }},
		{`st.Markdown`, "markdown", nil, "UnsafeAllowHTML", func(st *st.Ctx, o st.Option) { st.Markdown("t", o) }},
		{`st.Caption`, "caption", nil, "UnsafeAllowHTML", func(st *st.Ctx, o st.Option) { st.Caption("t", o) }},
		{`st.Error`, "alert", nil, "UnsafeAllowHTML", func(st *st.Ctx, o st.Option) { st.Error("t", o) }},
		{`st.Warning`, "alert", nil, "UnsafeAllowHTML", func(st *st.Ctx, o st.Option) { st.Warning("t", o) }},
		{`st.Info`, "alert", nil, "UnsafeAllowHTML", func(st *st.Ctx, o st.Option) { st.Info("t", o) }},
		{`st.Success`, "alert", nil, "UnsafeAllowHTML", func(st *st.Ctx, o st.Option) { st.Success("t", o) }},
		{`st.Code`, "code", nil, "Language", func(st *st.Ctx, o st.Option) { st.Code("x", o) }},
		{`st.JSON`, "json", nil, "Expanded", func(st *st.Ctx, o st.Option) { st.JSON(1, o) }},
		{`st.Image`, "image", nil, "Captioned Width", func(st *st.Ctx, o st.Option) { st.Image(png, o) }},
		{`st.Dataframe`, "dataframe", nil, "Key Help Width ColumnConfig OnSelect SelectionMode", func(st *st.Ctx, o st.Option) { st.Dataframe(rows, o) }},
		{`st.FileUploader "L"`, "file_uploader", nil, widget + "Type AcceptMultipleFiles OnChange", func(st *st.Ctx, o st.Option) { st.FileUploader("L", o) }},
		{`st.Audio`, "audio", nil, "MIME StartTime Loop Autoplay", func(st *st.Ctx, o st.Option) { st.Audio("https://example.com/a.mp3", o) }},
		{`st.Video`, "video", nil, "MIME StartTime Loop Autoplay Muted", func(st *st.Ctx, o st.Option) { st.Video("https://example.com/v.webm", o) }},
		{`st.ChatInput "Say"`, "chat_input", nil, "Key Disabled MaxChars OnSubmit", func(st *st.Ctx, o st.Option) { st.ChatInput("Say", o) }},
		{`st.Toast`, "toast", nil, "Icon", func(st *st.Ctx, o st.Option) { st.Toast("t", o) }},
		{`st.DataEditor`, "data_editor", nil, button + "Width ColumnConfig NumRows OnChange", func(st *st.Ctx, o st.Option) { st.DataEditor(rows, o) }},
		{`st.LineChart`, "chart", nil, "X Y Color", func(st *st.Ctx, o st.Option) { st.LineChart(rows, o) }},
		{`st.BarChart`, "chart", nil, "X Y Color", func(st *st.Ctx, o st.Option) { st.BarChart(rows, o) }},
		{`st.AreaChart`, "chart", nil, "X Y Color", func(st *st.Ctx, o st.Option) { st.AreaChart(rows, o) }},
		{`st.ScatterChart`, "chart", nil, "X Y Color Size", func(st *st.Ctx, o st.Option) { st.ScatterChart(rows, o) }},
		// Containers are drawn even so: what the app draws into them must
		// show somewhere.
		{`st.Container`, "container", nil, "Border", func(st *st.Ctx, o st.Option) { st.Container(o) }},
		{`st.Expander "L"`, "expander", nil, "Expanded", func(st *st.Ctx, o st.Option) { st.Expander("L", o) }},
		{`st.Form "L"`, "form", nil, "ClearOnSubmit", func(st *st.Ctx, o st.Option) { st.Form("L", o) }},
		{`st.Popover "L"`, "popover", nil, "Help Disabled", func(st *st.Ctx, o st.Option) { st.Popover("L", o) }},
		// A dialog with a mistaken option is not drawn: it is not a
		// container the app draws into outside its body.
		{`st.Dialog "L"`, "dialog", nil, "Key Dismissible OnDismiss Width", func(st *st.Ctx, o st.Option) { st.Dialog("L", nil, o) }},
	}
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	options := []struct {
		name string
		make func(st *st.Ctx, value any) st.Option
	}{
		{"Key", func(st *st.Ctx, _ any) st.Option { return st.Key("k") }},
		{"Help", func(st *st.Ctx, _ any) st.Option { return st.Help("h") }},
		{"Disabled", func(st *st.Ctx, _ any) st.Option { return st.Disabled(true) }},
		{"Value", func(st *st.Ctx, v any) st.Option { return st.Value(v) }},
		{"Index", func(st *st.Ctx, _ any) st.Option { return st.Index(1) }},
		{"Min", func(st *st.Ctx, _ any) st.Option { return st.Min(0) }},
		{"Max", func(st *st.Ctx, _ any) st.Option { return st.Max(10) }},
		{"Step", func(st *st.Ctx, _ any) st.Option { return st.Step(2) }},
		{"MinDate", func(st *st.Ctx, _ any) st.Option { return st.MinDate(day) }},
		{"MaxDate", func(st *st.Ctx, _ any) st.Option { return st.MaxDate(day.AddDate(1, 0, 0)) }},
		{"Placeholder", func(st *st.Ctx, _ any) st.Option { return st.Placeholder("p") }},
		{"MaxChars", func(st *st.Ctx, _ any) st.Option { return st.MaxChars(5) }},
		{"Password", func(st *st.Ctx, _ any) st.Option { return st.Password(true) }},
		{"Primary", func(st *st.Ctx, _ any) st.Option { return st.Primary(true) }},
		{"Horizontal", func(st *st.Ctx, _ any) st.Option { return st.Horizontal(true) }},
		{"OnClick", func(st *st.Ctx, _ any) st.Option { return st.OnClick(func() {}) }},
		{"OnChange", func(st *st.Ctx, _ any) st.Option { return st.OnChange(func() {}) }},
		{"MIME", func(st *st.Ctx, _ any) st.Option { return st.MIME("text/plain") }},
		{"Captioned", func(st *st.Ctx, _ any) st.Option { return st.Captioned("c") }},
		{"Width", func(st *st.Ctx, _ any) st.Option { return st.Width(100) }},
		{"Border", func(st *st.Ctx, _ any) st.Option { return st.Border(true) }},
		{"Expanded", func(st *st.Ctx, _ any) st.Option { return st.Expanded(true) }},
		{"ClearOnSubmit", func(st *st.Ctx, _ any) st.Option { return st.ClearOnSubmit(true) }},
		{"Language", func(st *st.Ctx, _ any) st.Option { return st.Language("sql") }},
		{"UnsafeAllowHTML", func(st *st.Ctx, _ any) st.Option { return st.UnsafeAllowHTML(true) }},
		{"X", func(st *st.Ctx, _ any) st.Option { return st.X("X") }},
		{"Y", func(st *st.Ctx, _ any) st.Option { return st.Y("Y") }},
		{"Delta", func(st *st.Ctx, _ any) st.Option { return st.Delta(1) }},
		{"DeltaColor", func(st *st.Ctx, _ any) st.Option { return st.DeltaColor("inverse") }},
		{"Color", func(st *st.Ctx, _ any) st.Option { return st.Color("#1c83e1", "#ff4b4b") }},
		{"Size", func(st *st.Ctx, _ any) st.Option { return st.Size(30) }},
		{"PageTitle", func(st *st.Ctx, _ any) st.Option { return st.PageTitle("T") }},
		{"PageIcon", func(st *st.Ctx, _ any) st.Option { return st.PageIcon("📈") }},
		{"Layout", func(st *st.Ctx, _ any) st.Option { return st.Layout("wide") }},
		{"InitialSidebarState", func(st *st.Ctx, _ any) st.Option { return st.InitialSidebarState("collapsed") }},
		{"URLPath", func(st *st.Ctx, _ any) st.Option { return st.URLPath("p") }},
		{"Default", func(st *st.Ctx, _ any) st.Option { return st.Default(true) }},
		{"Hidden", func(st *st.Ctx, _ any) st.Option { return st.Hidden(true) }},
		{"Section", func(st *st.Ctx, _ any) st.Option { return st.Section("S") }},
		{"LoginRequired", func(st *st.Ctx, _ any) st.Option { return st.LoginRequired(true) }},
		{"AllowedRoles", func(st *st.Ctx, _ any) st.Option { return st.AllowedRoles("admin") }},
		{"QueryParam", func(st *st.Ctx, _ any) st.Option { return st.QueryParam("q") }},
		{"Page", func(st *st.Ctx, _ any) st.Option { return st.Page(onePage) }},
		{"Position", func(st *st.Ctx, _ any) st.Option { return st.Position("top") }},
		{"FormatFunc", func(st *st.Ctx, _ any) st.Option { return st.FormatFunc(strings.ToUpper) }},
		{"LabelVisibility", func(st *st.Ctx, _ any) st.Option { return st.LabelVisibility("collapsed") }},
		{"Height", func(st *st.Ctx, _ any) st.Option { return st.Height(200) }},
		{"Dismissible", func(st *st.Ctx, _ any) st.Option { return st.Dismissible(false) }},
		{"OnDismiss", func(st *st.Ctx, _ any) st.Option { return st.OnDismiss(func() {}) }},
		{"Type", func(st *st.Ctx, _ any) st.Option { return st.Type(".csv") }},
		{"AcceptMultipleFiles", func(st *st.Ctx, _ any) st.Option { return st.AcceptMultipleFiles(true) }},
		{"StartTime", func(st *st.Ctx, _ any) st.Option { return st.StartTime(time.Second) }},
		{"Loop", func(st *st.Ctx, _ any) st.Option { return st.Loop(true) }},
		{"Autoplay", func(st *st.Ctx, _ any) st.Option { return st.Autoplay(true) }},
		{"Muted", func(st *st.Ctx, _ any) st.Option { return st.Muted(true) }},
		{"Avatar", func(st *st.Ctx, _ any) st.Option { return st.Avatar("🤖") }},
		{"Icon", func(st *st.Ctx, _ any) st.Option { return st.Icon("🔥") }},
		{"OnSubmit", func(st *st.Ctx, _ any) st.Option { return st.OnSubmit(func() {}) }},
		{"Every", func(st *st.Ctx, _ any) st.Option { return st.Every(time.Second) }},
		{"Scope", func(st *st.Ctx, _ any) st.Option { return st.Scope("app") }},
		{"ColumnConfig", func(st *st.Ctx, _ any) st.Option { return st.ColumnConfig(st.NumberColumn("X", "%.1f")) }},
		{"OnSelect", func(st *st.Ctx, _ any) st.Option { return st.OnSelect("rerun") }},
		{"SelectionMode", func(st *st.Ctx, _ any) st.Option { return st.SelectionMode("single-row") }},
		{"NumRows", func(st *st.Ctx, _ any) st.Option { return st.NumRows("dynamic") }},
	}
	for _, e := range elements {
		takes := strings.Fields(e.takes)
		for _, o := range options {
			t.Run(e.kind+"/"+o.name, func(t *testing.T) {
				app := sttest.Run(t, func(st *st.Ctx) { e.draw(st, o.make(st, e.value)) })
				ex := app.All("exception")
				drawn := len(app.All(e.kind)) > 0
				container := e.kind == "container" || e.kind == "expander" || e.kind == "form" || e.kind == "popover"
				if slices.Contains(takes, o.name) {
					if len(ex) != 0 || !drawn {
						t.Errorf("%s with %s: page %s, want the element and no exception", e.call, o.name, app)
					}
					return
				}
				want := e.call + ": option " + o.name + " does not apply"
				if len(ex) != 1 || !strings.HasPrefix(ex[0].Text(), want) {
					t.Errorf("%s with %s: page %s, want one exception %q", e.call, o.name, app, want)
				}
				if drawn != container {
					t.Errorf("%s with %s: drawn %v, want %v", e.call, o.name, drawn, container)
				}
			})
		}
	}
}

// TestWrongValuesAreShown: a Value of the wrong type, or outside what the
// element offers, is an exception naming the call, and the widget is not
// drawn.
func TestWrongValuesAreShown(t *testing.T) {
	tests := []struct {
		name string
		app  func(st *st.Ctx)
		want string
	}{
		{"a string for a checkbox", func(st *st.Ctx) { st.Checkbox("Accept", st.Value("true")) },
			`st.Checkbox "Accept": Value("true") is a string; want a bool`},
		{"an int for a toggle", func(st *st.Ctx) { st.Toggle("On", st.Value(1)) },
			`st.Toggle "On": Value(1) is a int; want a bool`},
		{"a number for a text input", func(st *st.Ctx) { st.TextInput("Name", st.Value(3)) },
			`st.TextInput "Name": Value(3) is a int; want a string`},
		{"a string for a number input", func(st *st.Ctx) { st.NumberInput("N", st.Value("3")) },
			`st.NumberInput "N": Value("3") is a string; want a number`},
		{"a value past a number input's Max", func(st *st.Ctx) { st.NumberInput("N", st.Value(11), st.Max(10)) },
			`st.NumberInput "N": Value(11) is outside [-inf, 10]`},
		{"a slider with min over max", func(st *st.Ctx) { st.Slider("S", 10, 0) },
			`st.Slider "S": min 10 is more than max 0`},
		{"a step of 0", func(st *st.Ctx) { st.Slider("S", 0, 10, st.Step(0)) },
			`st.Slider "S": Step must be more than 0`},
		{"a choice not offered", func(st *st.Ctx) { st.Selectbox("Pick", []string{"a", "b"}, st.Value("c")) },
			`st.Selectbox "Pick": Value("c") is not one of the choices ["a" "b"]`},
		{"an index past the choices", func(st *st.Ctx) { st.Radio("Pick", []string{"a", "b"}, st.Index(2)) },
			`st.Radio "Pick": Index(2) is outside the 2 choices`},
		{"both Index and Value", func(st *st.Ctx) { st.Radio("Pick", []string{"a", "b"}, st.Index(0), st.Value("b")) },
			`st.Radio "Pick": give Index or Value, not both`},
		{"an index for a selectbox as Value", func(st *st.Ctx) { st.Selectbox("Pick", []string{"a"}, st.Value(0)) },
			`st.Selectbox "Pick": Value(0) is a int; want one of the choices, a string`},
		{"a multiselect choice not offered", func(st *st.Ctx) { st.Multiselect("M", []string{"a"}, st.Value([]string{"a", "z"})) },
			`st.Multiselect "M": Value holds "z", which is not one of the choices ["a"]`},
		{"a string for a date", func(st *st.Ctx) { st.DateInput("Since", st.Value("2026-01-01")) },
			`st.DateInput "Since": Value("2026-01-01") is a string; want a time.Time`},
		{"a date before MinDate", func(st *st.Ctx) {
			st.DateInput("Since", st.Value(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)), st.MinDate(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
		}, `st.DateInput "Since": Value 2025-12-31 is before MinDate 2026-01-01`},
		{"NaN for a number input", func(st *st.Ctx) { st.NumberInput("N", st.Value(math.NaN())) },
			`st.NumberInput "N": Value(NaN) is not a finite number`},
		{"a negative MaxChars", func(st *st.Ctx) { st.TextArea("T", st.MaxChars(-1)) },
			`st.TextArea "T": MaxChars(-1): want 0 (no limit) or more`},
		{"a callback whose arguments do not fit", func(st *st.Ctx) { st.Button("Go", st.OnClick(func(int) {}, "five")) },
			`st.Button "Go": OnClick: `},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			app := sttest.Run(t, test.app)
			ex := app.All("exception")
			if len(ex) != 1 || !strings.HasPrefix(ex[0].Text(), test.want) {
				t.Fatalf("page %s, want one exception starting %q", app, test.want)
			}
			if ws := app.All(widgetKinds...); len(ws) != 0 {
				t.Errorf("page %s: the widget was drawn beside its exception", app)
			}
		})
	}
}

var widgetKinds = []string{"button", "checkbox", "toggle", "text_input", "text_area", "number_input",
	"slider", "selectbox", "radio", "multiselect", "date_input", "select_slider", "pills",
	"segmented_control", "range_slider", "time_input", "date_range_input", "feedback", "color_picker"}

// TestRightValuesAreTaken: the good cases next to the wrong ones above.
func TestRightValuesAreTaken(t *testing.T) {
	var (
		n    float64
		pick string
		none string
		date time.Time
	)
	app := sttest.Run(t, func(st *st.Ctx) {
		n = st.NumberInput("N", st.Value(uint8(4)), st.Min(0), st.Max(10))
		pick = st.Radio("Pick", []string{"a", "b"}, st.Value("b"))
		none = st.Selectbox("None", []string{"a", "b"}, st.Index(-1))
		date = st.DateInput("Since", st.Value(time.Date(2026, 3, 4, 15, 0, 0, 0, time.UTC)))
	})
	if len(app.All("exception")) != 0 || n != 4 || pick != "b" || none != "" || !date.Equal(time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("page %s: n=%v pick=%q none=%q date=%v", app, n, pick, none, date)
	}
}

// TestOptionsOfOneCallAreItsOwn: what one call's options set stays that
// call's, whatever is drawn while the call still reads them or before it
// uses them. A page keeps its title through the calls before
// st.Navigation; a selectbox and a radio whose FormatFunc draws an element
// with options of its own still have their placeholder, help and layout.
func TestOptionsOfOneCallAreItsOwn(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		home := st.Page(onePage, st.PageTitle("Kept title"), st.URLPath("home"))
		other := st.Page(otherPage, st.PageTitle("Other title"), st.URLPath("other"))
		st.TextInput("Before", st.Placeholder("not the page's"), st.Help("nor this"))
		drawing := func(s string) string {
			st.Code(s, st.Language("sql"))
			return strings.ToUpper(s)
		}
		st.Selectbox("Box", choices, st.Placeholder("Pick one"), st.Help("box help"), st.Index(-1), st.FormatFunc(drawing))
		st.Radio("Row", choices, st.Horizontal(true), st.Help("row help"), st.FormatFunc(drawing))
		st.Navigation(home, other)
	})
	pages := navOf(t, app)
	if len(pages) != 2 || pages[0].(map[string]any)["title"] != "Kept title" || pages[1].(map[string]any)["title"] != "Other title" {
		t.Errorf("navigation lists %v, want the pages titled %q and %q", pages, "Kept title", "Other title")
	}
	box := app.Widget("selectbox", "Box")
	if box.Props["placeholder"] != "Pick one" || box.Props["help"] != "box help" {
		t.Errorf("selectbox props %v, want placeholder %q and help %q", box.Props, "Pick one", "box help")
	}
	row := app.Widget("radio", "Row")
	if row.Props["horizontal"] != true || row.Props["help"] != "row help" {
		t.Errorf("radio props %v, want horizontal and help %q", row.Props, "row help")
	}
	if got := len(app.All("code")); got != 4 {
		t.Errorf("the format funcs drew %d code blocks, want 4", got)
	}
}

var choices = []string{"a", "b"}

func otherPage(*st.Ctx) {}

// TestLaterOptionWins: an option given twice takes its last value, as
// options are applied in order, whatever other options come between.
func TestLaterOptionWins(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Button("Flags", st.Help("first"), st.Primary(true), st.Help("second"), st.Primary(false))
		st.TextInput("Mixed", st.Help("first"), st.MaxChars(5), st.Help("second"), st.LabelVisibility("hidden"), st.Placeholder("p"))
	})
	if b := app.Widget("button", "Flags"); b.Props["help"] != "second" || b.Props["primary"] == true {
		t.Errorf("button props %v, want help %q and not primary", b.Props, "second")
	}
	in := app.Widget("text_input", "Mixed")
	if in.Props["help"] != "second" || in.Props["max_chars"] != 5.0 || in.Props["label_visibility"] != "hidden" || in.Props["placeholder"] != "p" {
		t.Errorf("text input props %v, want help %q, max_chars 5, label_visibility hidden, placeholder p", in.Props, "second")
	}
}
