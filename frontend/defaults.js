// Props at their default are left out of the page (docs/protocol.md, "Props
// at their default"): "help":"","disabled":false and the like were a tenth
// of a first page. This table is the one place that says what those
// defaults are, per element kind; the tree puts them back (withDefaults)
// before a kind's code sees its props, so that code reads every prop as if
// it had been sent.
//
// The server leaves a prop out only when it is its type's zero value ("",
// false, 0, null, an empty list), so every default here is one. The object
// after DEFAULTS is plain JSON: the server's tests read it too
// (frontend.Defaults), to hold both sides to it.
//
// Other props may be absent with no default here (a metric's delta, a
// widget's label_visibility): a kind's code reads their absence as none,
// and a metric's color's as normal.
// A choice's index is always sent, at 0 too, and so is not here: a tab
// whose page is older than this table (open across an upgrade of the
// server) reads an absent index as none, and would send that back on its
// next hello.

export const DEFAULTS = {
  "button": {"help": "", "disabled": false, "primary": false},
  "form_submit_button": {"help": "", "disabled": false, "primary": false},
  "download_button": {"help": "", "disabled": false, "primary": false},
  "link_button": {"help": "", "disabled": false, "primary": false},
  "page_link": {"help": "", "disabled": false, "icon": "", "external": false, "current": false},
  "checkbox": {"help": "", "disabled": false, "value": false},
  "toggle": {"help": "", "disabled": false, "value": false},
  "text_input": {"help": "", "disabled": false, "value": "", "placeholder": "", "password": false, "max_chars": 0},
  "text_area": {"help": "", "disabled": false, "value": "", "placeholder": "", "password": false, "max_chars": 0},
  "number_input": {"help": "", "disabled": false, "min": null, "max": null},
  "slider": {"help": "", "disabled": false, "min": null, "max": null},
  "selectbox": {"help": "", "disabled": false, "placeholder": "", "horizontal": false},
  "radio": {"help": "", "disabled": false, "placeholder": "", "horizontal": false},
  "multiselect": {"help": "", "disabled": false, "indices": [], "placeholder": ""},
  "date_input": {"help": "", "disabled": false, "min": "", "max": ""},
  "date_range_input": {"help": "", "disabled": false},
  "time_input": {"help": "", "disabled": false},
  "select_slider": {"help": "", "disabled": false},
  "range_slider": {"help": "", "disabled": false},
  "pills": {"help": "", "disabled": false},
  "segmented_control": {"help": "", "disabled": false},
  "color_picker": {"help": "", "disabled": false},
  "file_uploader": {"help": "", "disabled": false, "types": null, "multiple": false, "files": []},
  "container": {"border": false},
  "expander": {"expanded": false},
  "image": {"caption": "", "width": 0, "alt": ""},
  "audio": {"start": 0, "loop": false, "autoplay": false, "muted": false},
  "video": {"start": 0, "loop": false, "autoplay": false, "muted": false},
  "chart": {"x": null},
  "code": {"code": ""},
  "exception": {"stack": []},
  "data_editor": {"help": "", "disabled": false, "value": null},
  "feedback": {"disabled": false},
  "dialog": {"open": false},
  "popover": {"help": "", "disabled": false},
  "status": {"expanded": false},
  "chat_input": {"disabled": false, "max_chars": 0, "placeholder": ""}
};

// withDefaults returns the props of an element of kind as its code reads
// them: p (as sent, or null for none) over the kind's defaults. A default
// list is a new one each time, so no element shares it with another.
export function withDefaults(kind, p) {
  const d = DEFAULTS[kind];
  if (!d) return p || {};
  const out = { ...p };
  for (const [k, v] of Object.entries(d)) if (!(k in out)) out[k] = Array.isArray(v) ? [] : v;
  return out;
}
