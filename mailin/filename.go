package mailin

import (
	"bytes"
	"fmt"
	"net/mail"
	"net/textproto"
	"strconv"
	"strings"
	"unicode"
)

// attachmentName finds a part's filename in Content-Disposition or, as older
// mailers put it, in the name parameter of Content-Type. Both RFC 2231 and
// RFC 2047 encodings are decoded.
func attachmentName(header textproto.MIMEHeader, typeParams map[string]string) string {
	disposition := header.Get("Content-Disposition")
	_, dispParams := mediaTypeOf(disposition)
	candidates := []func() (string, bool){
		func() (string, bool) { return rfc2231Value(disposition, "filename") },
		func() (string, bool) { return dispParams["filename"], dispParams["filename"] != "" },
		func() (string, bool) { return rfc2231Value(header.Get("Content-Type"), "name") },
		func() (string, bool) { return typeParams["name"], typeParams["name"] != "" },
	}
	for _, candidate := range candidates {
		if name, ok := candidate(); ok {
			if name = cleanFilename(decodeHeader(name)); name != "" {
				return name
			}
		}
	}
	return ""
}

// rfc2231Value decodes key* and key*0*, key*1… parameters itself, because
// the standard library drops every charset except UTF-8 and US-ASCII.
func rfc2231Value(value, key string) (string, bool) {
	params := looseParams(value)
	if v, ok := params[key+"*"]; ok {
		charset, text := splitCharset(v)
		return toUTF8(percentDecode(text), charset), true
	}
	var charset string
	var raw []byte
	found := false
	for n := 0; n < 100; n++ {
		if v, ok := params[key+"*"+strconv.Itoa(n)]; ok {
			raw, found = append(raw, v...), true
			continue
		}
		v, ok := params[fmt.Sprintf("%s*%d*", key, n)]
		if !ok {
			break
		}
		if n == 0 {
			charset, v = splitCharset(v)
		}
		raw, found = append(raw, percentDecode(v)...), true
	}
	return toUTF8(raw, charset), found
}

// splitCharset splits "charset'language'text".
func splitCharset(v string) (charset, text string) {
	parts := strings.SplitN(v, "'", 3)
	if len(parts) != 3 {
		return "", v
	}
	return parts[0], parts[2]
}

func percentDecode(s string) []byte {
	var out bytes.Buffer
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
			out.WriteByte(byte(b))
			i += 2
			continue
		}
		out.WriteByte(s[i])
	}
	return out.Bytes()
}

func isHex(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F'
}

// cleanFilename keeps only the last path element, so a name like
// "../../etc/passwd" cannot steer where a caller stores the file.
func cleanFilename(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "." || name == ".." {
		return ""
	}
	return name
}

// forwardedName names a forwarded message after its subject.
func forwardedName(data []byte) string {
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return "forwarded-message.eml"
	}
	subject := []rune(cleanFilename(decodeHeader(msg.Header.Get("Subject"))))
	if len(subject) > 100 {
		subject = subject[:100]
	}
	if len(subject) == 0 {
		return "forwarded-message.eml"
	}
	return string(subject) + ".eml"
}
