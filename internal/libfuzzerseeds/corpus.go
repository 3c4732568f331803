package main

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"strconv"
)

// corpusHeader is the first line of a file in Go's seed corpus format, the
// format of testdata/fuzz/<Target>/ and of go test -fuzz's cache.
const corpusHeader = "go test fuzz v1"

// parseCorpusFile reads one seed in Go's corpus format: the header line,
// then one value a line, each written as a conversion of a literal to its
// type, the form go test -fuzz writes:
//
//	go test fuzz v1
//	[]byte("MAIL FROM:<a@b>")
//	uint16(257)
//	math.Float64frombits(0x7ff8000000000001)
//
// It returns the values in order, each of its Go type ([]byte, string,
// bool, the sized and unsized integers, float32, float64). Blank lines are
// skipped, as go test skips them.
func parseCorpusFile(b []byte) ([]any, error) {
	lines := bytes.Split(b, []byte("\n"))
	if len(lines) == 0 || string(bytes.TrimSpace(lines[0])) != corpusHeader {
		return nil, fmt.Errorf("not a Go seed corpus file: the first line is not %q", corpusHeader)
	}
	var values []any
	for i, line := range lines[1:] {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		v, err := parseCorpusValue(string(line))
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+2, err)
		}
		values = append(values, v)
	}
	if len(values) == 0 {
		return nil, errors.New("the seed has no values")
	}
	return values, nil
}

// parseCorpusValue reads one value line: T(literal) for a type name T,
// []byte("…"), or math.Float32frombits / math.Float64frombits of an
// integer, as go test writes NaNs with a payload.
func parseCorpusValue(line string) (any, error) {
	expr, err := parser.ParseExpr(line)
	if err != nil {
		return nil, fmt.Errorf("%q: %v", line, err)
	}
	call, ok := expr.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() {
		return nil, fmt.Errorf("%q: not a conversion of one literal", line)
	}
	var typ string
	switch fun := call.Fun.(type) {
	case *ast.ArrayType:
		if elt, ok := fun.Elt.(*ast.Ident); fun.Len == nil && ok && (elt.Name == "byte" || elt.Name == "uint8") {
			typ = "[]byte"
		}
	case *ast.Ident:
		typ = fun.Name
	case *ast.SelectorExpr:
		if pkg, ok := fun.X.(*ast.Ident); ok && pkg.Name == "math" {
			typ = "math." + fun.Sel.Name
		}
	}
	if typ == "" {
		return nil, fmt.Errorf("%q: not a conversion to a type go test writes", line)
	}
	arg := call.Args[0]

	if typ == "bool" {
		id, ok := arg.(*ast.Ident)
		if !ok || (id.Name != "true" && id.Name != "false") {
			return nil, fmt.Errorf("%q: a bool must be true or false", line)
		}
		return id.Name == "true", nil
	}

	neg := false
	if u, ok := arg.(*ast.UnaryExpr); ok && u.Op == token.SUB {
		neg, arg = true, u.X
	}
	lit, ok := arg.(*ast.BasicLit)
	if !ok {
		return nil, fmt.Errorf("%q: the argument is not a literal", line)
	}

	switch typ {
	case "[]byte", "string":
		if lit.Kind != token.STRING || neg {
			return nil, fmt.Errorf("%q: %s needs a string literal", line, typ)
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			return nil, fmt.Errorf("%q: %v", line, err)
		}
		if typ == "string" {
			return s, nil
		}
		return []byte(s), nil
	case "float32", "float64":
		if lit.Kind != token.FLOAT && lit.Kind != token.INT {
			return nil, fmt.Errorf("%q: %s needs a number", line, typ)
		}
		bits := 64
		if typ == "float32" {
			bits = 32
		}
		f, err := strconv.ParseFloat(lit.Value, bits)
		if err != nil {
			return nil, fmt.Errorf("%q: %v", line, err)
		}
		if neg {
			f = -f
		}
		if typ == "float32" {
			return float32(f), nil
		}
		return f, nil
	case "math.Float32frombits", "math.Float64frombits":
		if lit.Kind != token.INT || neg {
			return nil, fmt.Errorf("%q: %s needs an unsigned integer", line, typ)
		}
		if typ == "math.Float32frombits" {
			u, err := strconv.ParseUint(lit.Value, 0, 32)
			if err != nil {
				return nil, fmt.Errorf("%q: %v", line, err)
			}
			return math.Float32frombits(uint32(u)), nil
		}
		u, err := strconv.ParseUint(lit.Value, 0, 64)
		if err != nil {
			return nil, fmt.Errorf("%q: %v", line, err)
		}
		return math.Float64frombits(u), nil
	}

	// The integer types: an INT literal, or a CHAR literal for the types
	// go test writes characters as (rune, byte and their aliases).
	var n string
	switch lit.Kind {
	case token.INT:
		n = lit.Value
	case token.CHAR:
		r, _, tail, err := strconv.UnquoteChar(lit.Value[1:len(lit.Value)-1], '\'')
		if err != nil || tail != "" {
			return nil, fmt.Errorf("%q: a bad character literal", line)
		}
		n = strconv.Itoa(int(r))
	default:
		return nil, fmt.Errorf("%q: %s needs an integer", line, typ)
	}
	if neg {
		n = "-" + n
	}
	v, err := parseInt(typ, n)
	if err != nil {
		return nil, fmt.Errorf("%q: %v", line, err)
	}
	return v, nil
}

// parseInt converts a decimal, hexadecimal, octal or binary integer to
// the named integer type, refusing a value out of its range.
func parseInt(typ, n string) (any, error) {
	signed := map[string]int{"int": 0, "int8": 8, "int16": 16, "int32": 32, "rune": 32, "int64": 64}
	unsigned := map[string]int{"uint": 0, "uint8": 8, "byte": 8, "uint16": 16, "uint32": 32, "uint64": 64}
	if bits, ok := signed[typ]; ok {
		i, err := strconv.ParseInt(n, 0, bits)
		if err != nil {
			return nil, err
		}
		switch typ {
		case "int":
			return int(i), nil
		case "int8":
			return int8(i), nil
		case "int16":
			return int16(i), nil
		case "int32", "rune":
			return int32(i), nil
		}
		return i, nil
	}
	if bits, ok := unsigned[typ]; ok {
		u, err := strconv.ParseUint(n, 0, bits)
		if err != nil {
			return nil, err
		}
		switch typ {
		case "uint":
			return uint(u), nil
		case "uint8", "byte":
			return uint8(u), nil
		case "uint16":
			return uint16(u), nil
		case "uint32":
			return uint32(u), nil
		}
		return u, nil
	}
	return nil, fmt.Errorf("%s is not a type go test fuzzes", typ)
}
