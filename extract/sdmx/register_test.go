package sdmx_test

import _ "github.com/newsetl/newsetl/extract/sdmx"
