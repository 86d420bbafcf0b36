package mailin

import (
	"html"
	"strings"
)

// htmlToText renders an HTML body as plain text: tags, scripts and styles
// go, entities are decoded, and paragraphs stay separated by a blank line.
func htmlToText(src string) string {
	var out strings.Builder
	for len(src) > 0 {
		lt := strings.IndexByte(src, '<')
		if lt < 0 {
			out.WriteString(textChunk(src))
			break
		}
		out.WriteString(textChunk(src[:lt]))
		src = src[lt:]
		if strings.HasPrefix(src, "<!--") {
			src = after(src, "-->")
			continue
		}
		gt := strings.IndexByte(src, '>')
		if gt < 0 {
			break // an unfinished tag at the end carries no text
		}
		name, closing := tagName(src[1:gt])
		src = src[gt+1:]
		switch {
		case isHidden(name) && !closing:
			src = after(src, "</"+name)
			src = after(src, ">")
		case isParagraph(name):
			out.WriteString("\n\n")
		case isLine(name) && !closing:
			out.WriteString("\n")
			if name == "li" {
				out.WriteString("- ")
			}
		case name == "td" || name == "th":
			out.WriteString(" ")
		}
	}
	return tidyLines(out.String())
}

// tidyLines trims every line and keeps at most one blank line in a row.
func tidyLines(text string) string {
	var out strings.Builder
	blank := 0
	for line := range strings.SplitSeq(text, "\n") {
		if line = strings.TrimSpace(line); line == "" {
			blank++
			continue
		}
		if out.Len() > 0 {
			out.WriteString("\n\n"[:min(blank, 1)+1])
		}
		out.WriteString(line)
		blank = 0
	}
	return out.String()
}

// textChunk decodes entities, then collapses white space the way a
// browser does; a non-breaking space counts as a plain one.
func textChunk(s string) string {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	var out strings.Builder
	out.Grow(len(s))
	inSpace := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\u00A0':
			if !inSpace {
				out.WriteByte(' ')
			}
			inSpace = true
		default:
			out.WriteRune(r)
			inSpace = false
		}
	}
	return out.String()
}

// after returns what follows the first match of the ASCII marker, ignoring
// case, or nothing when the marker never comes.
func after(s, marker string) string {
	for i := 0; i+len(marker) <= len(s); i++ {
		if asciiEqualFold(s[i:i+len(marker)], marker) {
			return s[i+len(marker):]
		}
	}
	return ""
}

func asciiEqualFold(a, b string) bool {
	for i := 0; i < len(a); i++ {
		if lowerASCII(a[i]) != lowerASCII(b[i]) {
			return false
		}
	}
	return true
}

func lowerASCII(b byte) byte {
	if b >= 'A' && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}
