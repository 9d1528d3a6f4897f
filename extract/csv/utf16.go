package csv

import "golang.org/x/text/encoding/unicode"

// unicodeBOM decodes UTF-16 by its byte-order mark (Excel's "Unicode text").
var unicodeBOM = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
