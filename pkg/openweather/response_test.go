package openweather

import (
	"encoding/json"
	"testing"
)

func TestCodeUnmarshalJSON(t *testing.T) {
	tests := []struct {
		input    string
		want     Code
		wantFail bool
	}{
		{`200`, 200, false},
		{`401`, 401, false},
		{`"404"`, 404, false},
		{`"400"`, 400, false},
		{`null`, 0, false},
		{`"abc"`, 0, true},
		{`""`, 0, true},
		{`1.5`, 0, true},
		{`true`, 0, true},
		{`{}`, 0, true},
	}

	for _, tt := range tests {
		t.Run(tt.input, func(t *testing.T) {
			var got struct {
				Cod Code `json:"cod"`
			}
			err := json.Unmarshal([]byte(`{"cod":`+tt.input+`}`), &got)

			if tt.wantFail {
				if err == nil {
					t.Errorf("decoded %s as %d, want an error", tt.input, got.Cod)
				}
				return
			}
			if err != nil {
				t.Fatalf("decode %s: %v", tt.input, err)
			}
			if got.Cod != tt.want {
				t.Errorf("cod = %d, want %d", got.Cod, tt.want)
			}
		})
	}
}

func TestCodeAbsent(t *testing.T) {
	var got errorBody
	if err := json.Unmarshal([]byte(`{"message":"x"}`), &got); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if got.Cod != 0 {
		t.Errorf("cod = %d, want 0", got.Cod)
	}
}
