package accounts

import "testing"

func TestDecodeStrict(t *testing.T) {
	cases := []struct {
		name, in string
		ok       bool
	}{
		{"known fields", `{"id":"a","version":2}`, true},
		{"unknown field", `{"id":"a","mood":"happy"}`, false},
		{"data after the value", `{"id":"a"} {"id":"b"}`, false},
		{"not JSON", `{"id":`, false},
		{"trailing space is fine", "{\"id\":\"a\"}\n ", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var m Meta
			err := DecodeStrict([]byte(c.in), &m)
			if (err == nil) != c.ok {
				t.Fatalf("DecodeStrict(%s) = %v, want ok=%v", c.in, err, c.ok)
			}
		})
	}
}
