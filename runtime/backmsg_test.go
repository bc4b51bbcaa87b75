package runtime

import (
	"encoding/json"
	"reflect"
	"testing"
)

// The messages the page sends (frontend/protocol.js), which the fast
// parser must take, and some it must leave to encoding/json.
var backMsgSeeds = []struct {
	msg  string
	fast bool
}{
	{`{"t":"rerun","widgets":{},"trigger":"button:Add one"}`, true},
	{`{"t":"rerun","widgets":{"slider:Level":3,"text_input:Name":"Ada \"L\"","multiselect:Tags":["a","b"],"x":{"y":[1,{"z":null}]}},"seq":12}`, true},
	{`{"t":"hello","v":1,"session":"","widgets":{},"query":"a=1&b=2","path":"reports"}`, true},
	{`{"t":"hello","v":1,"session":"abc","widgets":{"checkbox:Agree":true},"query":"","path":""}`, true},
	{`{"t":"navigate","path":"reports","query":""}`, true},
	{`{"t":"clear_caches"}`, true},
	{` { "t" : "rerun" , "widgets" : { } , "trigger" : "héllo ✓" } `, true},
	{`{}`, true},
	{`{"t":"rerun","seq":-0}`, true},
	// Left to encoding/json: escapes, other cases of names, unknown
	// fields, null, duplicates, numbers that are not whole, bad UTF-8.
	{`{"t":"rerun","trigger":"button:\u0041"}`, false},
	{`{"T":"rerun"}`, false},
	{`{"t":"rerun","extra":[1,2]}`, false},
	{`{"t":"rerun","widgets":null}`, false},
	{`{"t":"rerun","t":"hello"}`, false},
	{`{"t":"rerun","widgets":{"a":1},"widgets":{"b":2}}`, false},
	{`{"t":"rerun","seq":1.0}`, false},
	{`{"t":"rerun","seq":1e3}`, false},
	{`{"t":"rerun","seq":01}`, false},
	{`{"t":"rerun","seq":99999999999999999999}`, false},
	{"{\"t\":\"re\xffrun\"}", false},
	// Malformed: encoding/json says why.
	{`{"t":"rerun",}`, false},
	{`{"t":"rerun"`, false},
	{`{"t":"rerun"} x`, false},
	{`{"t":"rerun","widgets":{"a":}}`, false},
	{`{"t":"rerun","widgets":{"a":"}`, false},
	{`{"t":"rerun","widgets":{"a\\":1}`, false},
	{`{"t":"rerun" "seq":1}`, false},
	{`[]`, false},
	{``, false},
}

// TestParseBackMsgFastTakesThePagesMessages: the messages the page sends
// take the fast path, and mean what encoding/json says they mean.
func TestParseBackMsgFastTakesThePagesMessages(t *testing.T) {
	for _, s := range backMsgSeeds {
		_, ok := parseBackMsgFast([]byte(s.msg))
		if ok != s.fast {
			t.Errorf("parseBackMsgFast(%s): fast %v, want %v", s.msg, ok, s.fast)
		}
		checkBackMsgFast(t, []byte(s.msg))
	}
}

// FuzzParseBackMsgFast holds the fast parser to encoding/json: whatever
// it takes, json.Unmarshal takes too, with the same meaning.
//
//	go test -run '^$' -fuzz FuzzParseBackMsgFast ./runtime/
func FuzzParseBackMsgFast(f *testing.F) {
	for _, s := range backMsgSeeds {
		f.Add([]byte(s.msg))
	}
	f.Fuzz(checkBackMsgFast)
}

func checkBackMsgFast(t *testing.T, data []byte) {
	got, ok := parseBackMsgFast(data)
	if !ok {
		return
	}
	var want BackMsg
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatalf("parseBackMsgFast took %q, which encoding/json refuses: %v", data, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("parseBackMsgFast(%q) = %#v, encoding/json: %#v", data, got, want)
	}
}
