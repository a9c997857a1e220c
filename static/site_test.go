package static

import (
	"bytes"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

const bootstrapCSS = "vendor/bootstrap/bootstrap.min.css"

func TestDefaultHasVendoredBootstrap(t *testing.T) {
	table := defaultTableForTest(t)

	if _, ok := table.Lookup(bootstrapCSS); !ok {
		t.Fatalf("static/site/%s is missing: run `make assets` (npm ci, then go run ./tools/vendorassets) and test again", bootstrapCSS)
	}
}

func TestSiteHTMLHasNoInlineCode(t *testing.T) {
	for _, name := range siteFiles(t, ".html") {
		t.Run(name, func(t *testing.T) {
			doc, err := html.Parse(bytes.NewReader(readSite(t, name)))
			if err != nil {
				t.Fatalf("parse %s: %v", name, err)
			}

			for node := range doc.Descendants() {
				if node.Type != html.ElementNode {
					continue
				}
				if node.Data == "style" {
					t.Error("<style> element, want styles in a .css file")
				}
				if node.Data == "script" && (attribute(node, "src") == "" || node.FirstChild != nil) {
					t.Error("<script> without src or with a body, want a script file")
				}
				for _, attr := range node.Attr {
					if attr.Key == "style" {
						t.Errorf("<%s style=%q>, want a class", node.Data, attr.Val)
					}
					if strings.HasPrefix(attr.Key, "on") {
						t.Errorf("<%s %s=…>, want addEventListener in a module", node.Data, attr.Key)
					}
				}
			}
		})
	}
}

// licenseComment matches /*! … */ comments, which minifiers keep for the
// license notice and which name the project's home page.
var licenseComment = regexp.MustCompile(`(?s)/\*!.*?\*/`)

// svgNamespace matches the SVG namespace name in the data: URLs of
// Bootstrap's CSS. A namespace name is an identifier and is never fetched.
var svgNamespace = regexp.MustCompile(`xmlns=['"]http://www\.w3\.org/2000/svg['"]`)

var remoteURL = regexp.MustCompile(`(?i)https?://[^\s'")]*`)

func TestSiteHasNoRemoteURLs(t *testing.T) {
	var names []string
	for _, ext := range []string{".html", ".css", ".js"} {
		names = append(names, siteFiles(t, ext)...)
	}

	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			content := readSite(t, name)
			content = licenseComment.ReplaceAll(content, nil)
			content = svgNamespace.ReplaceAll(content, nil)

			for _, url := range remoteURL.FindAll(content, 5) {
				t.Errorf("remote URL %s, want same-origin resources only", url)
			}
		})
	}
}

func TestSiteScriptsDoNotParseHTML(t *testing.T) {
	forbidden := []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("}

	for _, name := range siteFiles(t, ".js") {
		if strings.HasPrefix(name, "vendor/") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			content := string(readSite(t, name))
			for _, word := range forbidden {
				if strings.Contains(content, word) {
					t.Errorf("script uses %s, want textContent and DOM methods", word)
				}
			}
		})
	}
}

var (
	jsImport = regexp.MustCompile(`(?m)^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'`)
	cssURL   = regexp.MustCompile(`url\(\s*["']?([^"')]+)["']?\s*\)`)
)

func TestSiteReferencesResolve(t *testing.T) {
	table := defaultTableForTest(t)

	// check fails unless ref, relative to the directory dir, names an asset.
	check := func(t *testing.T, dir, ref string) {
		t.Helper()
		name := path.Clean(path.Join(dir, ref))
		if _, ok := table.Lookup(name); !ok {
			t.Errorf("reference %q names %q, which is not an asset", ref, name)
		}
	}

	for _, name := range siteFiles(t, ".html") {
		t.Run(name, func(t *testing.T) {
			asset, _ := table.Lookup(name)
			doc, err := html.Parse(bytes.NewReader(asset.Body))
			if err != nil {
				t.Fatalf("parse %s: %v", name, err)
			}
			prefix := "/static/" + table.Version() + "/"

			for node := range doc.Descendants() {
				for _, key := range []string{"href", "src"} {
					ref, ok := strings.CutPrefix(attribute(node, key), prefix)
					if ok {
						check(t, ".", ref)
					}
				}
			}
		})
	}

	for _, name := range siteFiles(t, ".js") {
		t.Run(name, func(t *testing.T) {
			for _, match := range jsImport.FindAllStringSubmatch(string(readSite(t, name)), -1) {
				check(t, path.Dir(name), match[1])
			}
		})
	}

	t.Run("css/app.css", func(t *testing.T) {
		for _, match := range cssURL.FindAllStringSubmatch(string(readSite(t, "css/app.css")), -1) {
			check(t, "css", match[1])
		}
	})
}

var iconNames = regexp.MustCompile(`(?s)ICON_NAMES = Object\.freeze\(\[(.*?)\]\)`)

func TestSiteHasEveryConditionIcon(t *testing.T) {
	table := defaultTableForTest(t)

	match := iconNames.FindSubmatch(readSite(t, "js/format.js"))
	if match == nil {
		t.Fatal("js/format.js has no ICON_NAMES list")
	}

	names := regexp.MustCompile(`'([a-z-]+)'`).FindAllSubmatch(match[1], -1)
	if len(names) != 10 {
		t.Errorf("ICON_NAMES has %d names, want the 10 that the weather API returns", len(names))
	}
	for _, name := range names {
		icon := "icons/" + string(name[1]) + ".svg"
		if _, ok := table.Lookup(icon); !ok {
			t.Errorf("%s is missing", icon)
		}
	}
}

func defaultTableForTest(t *testing.T) *Table {
	t.Helper()

	table, err := Default()
	if err != nil {
		t.Fatalf("load embedded assets: %v", err)
	}
	return table
}

// siteFiles returns the names of the embedded site files with extension ext.
func siteFiles(t *testing.T, ext string) []string {
	t.Helper()

	site, err := fs.Sub(files, "site")
	if err != nil {
		t.Fatal(err)
	}

	var names []string
	err = fs.WalkDir(site, ".", func(name string, entry fs.DirEntry, err error) error {
		if err == nil && !entry.IsDir() && path.Ext(name) == ext {
			names = append(names, name)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatalf("no embedded %s files", ext)
	}
	return names
}

func readSite(t *testing.T, name string) []byte {
	t.Helper()

	content, err := fs.ReadFile(files, "site/"+name)
	if err != nil {
		t.Fatal(err)
	}
	return content
}

func attribute(node *html.Node, key string) string {
	for _, attr := range node.Attr {
		if attr.Key == key {
			return attr.Val
		}
	}
	return ""
}
