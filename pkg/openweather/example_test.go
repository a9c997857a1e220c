package openweather_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/weather-portal/weather-portal/pkg/openweather"
)

func ExampleClient_Current() {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if r.URL.Query().Get("q") != "Bengaluru" {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"cod":"404","message":"city not found"}`)
			return
		}
		fmt.Fprint(w, `{"weather":[{"id":802,"main":"Clouds","description":"scattered clouds","icon":"03d"}],`+
			`"main":{"temp":24.5,"feels_like":24.9,"pressure":1012,"humidity":78},`+
			`"dt":1796379600,"sys":{"country":"IN"},"timezone":19800,"name":"Bengaluru","cod":200}`)
	}))
	defer server.Close()

	client, err := openweather.New(openweather.Config{BaseURL: server.URL})
	if err != nil {
		fmt.Println(err)
		return
	}

	current, err := client.Current(context.Background(), "my-api-key", "Bengaluru", "metric")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s, %s: %.1f °C, %s\n", current.Name, current.Sys.Country, current.Main.Temp, current.Weather[0].Description)

	_, err = client.Current(context.Background(), "my-api-key", "Atlantis", "metric")
	fmt.Println(errors.Is(err, openweather.ErrCityNotFound))

	// Output:
	// Bengaluru, IN: 24.5 °C, scattered clouds
	// true
}
