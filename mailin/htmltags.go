package mailin

import "strings"

// isHidden reports elements whose content a reader never sees.
func isHidden(name string) bool {
	switch name {
	case "script", "style", "head", "title", "template":
		return true
	}
	return false
}

// isParagraph reports elements that stand apart as a paragraph.
func isParagraph(name string) bool {
	switch name {
	case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table",
		"blockquote", "pre", "hr", "section", "article", "header", "footer":
		return true
	}
	return false
}

// isLine reports elements that start a new line.
func isLine(name string) bool {
	switch name {
	case "br", "tr", "li", "dt", "dd":
		return true
	}
	return false
}

// tagName returns the lower-cased element name of the inside of a tag.
func tagName(tag string) (name string, closing bool) {
	tag = strings.TrimSpace(tag)
	if strings.HasPrefix(tag, "/") {
		closing, tag = true, strings.TrimSpace(tag[1:])
	}
	end := strings.IndexFunc(tag, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	})
	if end >= 0 {
		tag = tag[:end]
	}
	return strings.ToLower(tag), closing
}
