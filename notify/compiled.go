package notify

// The compiled path. text/template executes a parse tree by walking it and
// resolving every field by name through reflection, and html/template calls
// its escapers through reflect.Value.Call; for our small messages that
// overhead is nearly all of the rendering time. compileSet turns a set's
// trees into closures with the field indices resolved once, and renderSet
// uses them instead of Execute.
//
// What it compiles:
//   - the text trees ("subject", the text layout and everything they call)
//     as text/template parsed them;
//   - the HTML trees ("body", the HTML layout and everything they call)
//     after html/template has escaped them (NewRenderer executes every set
//     once before compiling). html/template has then chosen, for each
//     action, the escapers its context needs and appended them to the
//     action's pipeline; the compiled path keeps those choices. The HTML
//     text, quoted attribute and RCDATA escapers (the same replacement
//     table for plain strings) are done here, byte for byte as html/template
//     does them (htmlEscape); every other escaper chain (URLs, CSS) runs in
//     html/template itself, through a one-action template with the same
//     chain (escOracle). An HTML action without escapers is never compiled.
//
// Only a subset of the template language compiles: text, comments, actions
// printing a string field, $, . or a string constant, if/else, with, range
// over a slice, template calls, and eq on strings. Anything else (variables,
// functions, methods, maps, non-string output, recursion, a template
// html/template derived for another context) leaves the set to the standard
// path, so host templates keep working exactly as before, only slower. At
// run time the compiled path gives up (and renderSet runs the standard path,
// which then produces the same output or error) when it meets a nil pointer.
//
// NewRenderer checks every compiled set against the standard path with
// sample data and drops it on any difference; the tests and a fuzz target
// compare the two paths on the built-in templates.

import (
	"bytes"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"reflect"
	"strings"
	"text/template/parse"
)

// compiledSet is a templateSet compiled for renderSet.
type compiledSet struct {
	subject, text, body, html runFn
}

// fastState is the scratch space of one compiled rendering.
type fastState struct {
	out, scratch bytes.Buffer
}

// runFn writes a compiled template or node with the given dot and $. It
// returns false when the compiled path cannot go on (a nil pointer on the
// way); the caller then renders with the standard path.
type runFn func(s *fastState, dot, top reflect.Value) bool

// valFn evaluates an operand.
type valFn func(dot, top reflect.Value) (reflect.Value, bool)

// condFn evaluates the pipeline of an if, with or range for its truth.
type condFn func(dot, top reflect.Value) (truth, ok bool)

// errNotCompiled marks a template construct the compiled path does not
// handle; the set then uses the standard path.
var errNotCompiled = errors.New("not compiled")

func notCompiled(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errNotCompiled}, args...)...)
}

var (
	dataType = reflect.TypeFor[*TemplateData]()
	htmlType = reflect.TypeFor[htmltemplate.HTML]()
)

// compileSet compiles set's subject, text layout, HTML body and HTML layout.
// The HTML templates must have been executed (so escaped) before.
func compileSet(set *templateSet, esc *escOracle) (*compiledSet, error) {
	tc := newCompiler(false, nil, func(name string) *parse.Tree {
		if t := set.text.Lookup(name); t != nil {
			return t.Tree
		}
		return nil
	})
	hc := newCompiler(true, esc, func(name string) *parse.Tree {
		if t := set.html.Lookup(name); t != nil {
			return t.Tree
		}
		return nil
	})
	textName, htmlName := "layout.txt", "layout.html"
	if set.ownText {
		textName = "text"
	}
	if set.ownHTML {
		htmlName = "html"
	}
	var cs compiledSet
	var err error
	if cs.subject, err = tc.template("subject", dataType); err != nil {
		return nil, err
	}
	if cs.text, err = tc.template(textName, dataType); err != nil {
		return nil, err
	}
	if cs.body, err = hc.template("body", dataType); err != nil {
		return nil, err
	}
	if cs.html, err = hc.template(htmlName, dataType); err != nil {
		return nil, err
	}
	return &cs, nil
}

type calleeKey struct {
	name string
	dot  reflect.Type
}

type compiler struct {
	html   bool
	esc    *escOracle
	lookup func(name string) *parse.Tree
	done   map[calleeKey]runFn
	active map[calleeKey]bool
}

func newCompiler(html bool, esc *escOracle, lookup func(string) *parse.Tree) *compiler {
	return &compiler{html: html, esc: esc, lookup: lookup, done: map[calleeKey]runFn{}, active: map[calleeKey]bool{}}
}

// template compiles the named template for a dot (and $) of type dot.
func (c *compiler) template(name string, dot reflect.Type) (runFn, error) {
	key := calleeKey{name, dot}
	if f, ok := c.done[key]; ok {
		return f, nil
	}
	if c.active[key] {
		return nil, notCompiled("template %q calls itself", name)
	}
	tree := c.lookup(name)
	if tree == nil || tree.Root == nil {
		return nil, notCompiled("template %q not found", name)
	}
	c.active[key] = true
	f, err := c.list(tree.Root, dot, dot)
	delete(c.active, key)
	if err != nil {
		return nil, fmt.Errorf("template %q: %w", name, err)
	}
	c.done[key] = f
	return f, nil
}

func noop(*fastState, reflect.Value, reflect.Value) bool { return true }

func (c *compiler) list(l *parse.ListNode, dot, top reflect.Type) (runFn, error) {
	if l == nil {
		return noop, nil
	}
	fns := make([]runFn, 0, len(l.Nodes))
	for _, n := range l.Nodes {
		f, err := c.node(n, dot, top)
		if err != nil {
			return nil, err
		}
		if f != nil {
			fns = append(fns, f)
		}
	}
	switch len(fns) {
	case 0:
		return noop, nil
	case 1:
		return fns[0], nil
	}
	return func(s *fastState, d, t reflect.Value) bool {
		for _, f := range fns {
			if !f(s, d, t) {
				return false
			}
		}
		return true
	}, nil
}

// node compiles one node; a nil runFn means the node writes nothing.
func (c *compiler) node(n parse.Node, dot, top reflect.Type) (runFn, error) {
	switch n := n.(type) {
	case *parse.TextNode:
		if len(n.Text) == 0 {
			return nil, nil
		}
		text := string(n.Text)
		return func(s *fastState, _, _ reflect.Value) bool {
			s.out.WriteString(text)
			return true
		}, nil
	case *parse.CommentNode:
		return nil, nil
	case *parse.ActionNode:
		return c.action(n.Pipe, dot, top)
	case *parse.IfNode:
		return c.ifOrWith(false, n.Pipe, n.List, n.ElseList, dot, top)
	case *parse.WithNode:
		return c.ifOrWith(true, n.Pipe, n.List, n.ElseList, dot, top)
	case *parse.RangeNode:
		return c.rangeNode(n, dot, top)
	case *parse.TemplateNode:
		return c.call(n, dot, top)
	}
	return nil, notCompiled("node %s", n)
}

// action compiles an action that prints: in text, the string value; in
// HTML, the value through the escapers html/template appended.
func (c *compiler) action(p *parse.PipeNode, dot, top reflect.Type) (runFn, error) {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) == 0 {
		return nil, notCompiled("action %s", p)
	}
	val, typ, err := c.command(p.Cmds[0], dot, top)
	if err != nil {
		return nil, err
	}
	if !c.html {
		if len(p.Cmds) != 1 || !methodlessString(typ) {
			return nil, notCompiled("action %s", p)
		}
		return func(s *fastState, d, t reflect.Value) bool {
			v, ok := val(d, t)
			if ok {
				s.out.WriteString(v.String())
			}
			return ok
		}, nil
	}
	chain := make([]string, 0, len(p.Cmds)-1)
	for _, cmd := range p.Cmds[1:] {
		id, ok := cmd.Args[0].(*parse.IdentifierNode)
		if !ok || len(cmd.Args) != 1 || !strings.HasPrefix(id.Ident, "_html_template_") {
			return nil, notCompiled("action %s", p)
		}
		chain = append(chain, id.Ident)
	}
	if len(chain) == 0 {
		// Never print unescaped: this tree was not escaped.
		return nil, notCompiled("unescaped action %s", p)
	}
	write, err := c.escaper(chain, typ)
	if err != nil {
		return nil, fmt.Errorf("action %s: %w", p, err)
	}
	return func(s *fastState, d, t reflect.Value) bool {
		v, ok := val(d, t)
		return ok && write(s, v.String())
	}, nil
}

// escaper returns the function writing a value of type typ through the
// escaper chain.
func (c *compiler) escaper(chain []string, typ reflect.Type) (func(*fastState, string) bool, error) {
	if len(chain) == 1 {
		switch chain[0] {
		case "_html_template_htmlescaper":
			if typ == htmlType {
				// Trusted HTML in HTML text is written as is.
				return func(s *fastState, v string) bool {
					s.out.WriteString(v)
					return true
				}, nil
			}
			fallthrough
		case "_html_template_attrescaper", "_html_template_rcdataescaper":
			if plainString(typ) {
				return func(s *fastState, v string) bool {
					htmlEscape(&s.out, v)
					return true
				}, nil
			}
		}
	}
	if plainString(typ) {
		if o := c.esc.chain(strings.Join(chain, " ")); o != nil {
			return o.write, nil
		}
	}
	return nil, notCompiled("escapers %v for %s", chain, typ)
}

// command compiles the first command of a pipeline: an operand, or eq.
func (c *compiler) command(cmd *parse.CommandNode, dot, top reflect.Type) (valFn, reflect.Type, error) {
	if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok && id.Ident == "eq" && len(cmd.Args) >= 3 {
		cond, err := c.eq(cmd.Args[1:], dot, top)
		if err != nil {
			return nil, nil, err
		}
		vTrue, vFalse := reflect.ValueOf(true), reflect.ValueOf(false)
		return func(d, t reflect.Value) (reflect.Value, bool) {
			truth, ok := cond(d, t)
			if truth {
				return vTrue, ok
			}
			return vFalse, ok
		}, vTrue.Type(), nil
	}
	if len(cmd.Args) != 1 {
		return nil, nil, notCompiled("command %s", cmd)
	}
	return c.operand(cmd.Args[0], dot, top)
}

// eq compiles eq on string operands: true when the first equals any other.
func (c *compiler) eq(args []parse.Node, dot, top reflect.Type) (condFn, error) {
	vals := make([]valFn, len(args))
	for i, a := range args {
		v, typ, err := c.operand(a, dot, top)
		if err != nil {
			return nil, err
		}
		if typ.Kind() != reflect.String {
			return nil, notCompiled("eq on %s", typ)
		}
		vals[i] = v
	}
	return func(d, t reflect.Value) (bool, bool) {
		a, ok := vals[0](d, t)
		if !ok {
			return false, false
		}
		// Like text/template, evaluate every argument before comparing.
		truth := false
		for _, f := range vals[1:] {
			b, ok := f(d, t)
			if !ok {
				return false, false
			}
			truth = truth || a.String() == b.String()
		}
		return truth, true
	}, nil
}

// operand compiles a field chain (.A.B or $.A.B), $, . or a string constant.
func (c *compiler) operand(n parse.Node, dot, top reflect.Type) (valFn, reflect.Type, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return func(d, _ reflect.Value) (reflect.Value, bool) { return d, true }, dot, nil
	case *parse.StringNode:
		v := reflect.ValueOf(n.Text)
		return func(_, _ reflect.Value) (reflect.Value, bool) { return v, true }, v.Type(), nil
	case *parse.FieldNode:
		return fieldChain(func(d, _ reflect.Value) (reflect.Value, bool) { return d, true }, dot, n.Ident)
	case *parse.VariableNode:
		if n.Ident[0] != "$" {
			return nil, nil, notCompiled("variable %s", n)
		}
		root := func(_, t reflect.Value) (reflect.Value, bool) { return t, true }
		if len(n.Ident) == 1 {
			return root, top, nil
		}
		return fieldChain(root, top, n.Ident[1:])
	}
	return nil, nil, notCompiled("operand %s", n)
}

// fieldChain compiles the fields names of the value base (of type typ),
// resolving each as text/template does: through pointers, methods before
// fields (a method name is not compiled), exported struct fields only.
func fieldChain(base valFn, typ reflect.Type, names []string) (valFn, reflect.Type, error) {
	type step struct{ derefs, index int }
	steps := make([]step, len(names))
	for i, name := range names {
		derefs := 0
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
			derefs++
		}
		if typ.Kind() != reflect.Struct {
			return nil, nil, notCompiled("field %s of %s", name, typ)
		}
		if _, ok := reflect.PointerTo(typ).MethodByName(name); ok {
			return nil, nil, notCompiled("method %s of %s", name, typ)
		}
		f, ok := typ.FieldByName(name)
		if !ok || !f.IsExported() || len(f.Index) != 1 {
			return nil, nil, notCompiled("field %s of %s", name, typ)
		}
		steps[i] = step{derefs, f.Index[0]}
		typ = f.Type
	}
	return func(d, t reflect.Value) (reflect.Value, bool) {
		v, ok := base(d, t)
		if !ok {
			return v, false
		}
		for _, st := range steps {
			for range st.derefs {
				if v.IsNil() {
					return v, false
				}
				v = v.Elem()
			}
			v = v.Field(st.index)
		}
		return v, true
	}, typ, nil
}

// cond compiles the pipeline of an if, with or range; it returns the value
// too, for with and range.
func (c *compiler) cond(p *parse.PipeNode, dot, top reflect.Type) (valFn, condFn, reflect.Type, error) {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) != 1 {
		return nil, nil, nil, notCompiled("pipeline %s", p)
	}
	cmd := p.Cmds[0]
	val, typ, err := c.command(cmd, dot, top)
	if err != nil {
		return nil, nil, nil, err
	}
	if typ.Kind() == reflect.Interface || typ.Kind() == reflect.Invalid {
		return nil, nil, nil, notCompiled("condition of type %s", typ)
	}
	return val, func(d, t reflect.Value) (bool, bool) {
		v, ok := val(d, t)
		if !ok {
			return false, false
		}
		return truth(v), true
	}, typ, nil
}

// truth is text/template's truth of a value that is not an interface.
func truth(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0
	case reflect.Bool:
		return v.Bool()
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer:
		return !v.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0
	}
	return true // a struct
}

func (c *compiler) ifOrWith(with bool, p *parse.PipeNode, list, elseList *parse.ListNode, dot, top reflect.Type) (runFn, error) {
	val, cond, typ, err := c.cond(p, dot, top)
	if err != nil {
		return nil, err
	}
	inner := dot
	if with {
		inner = typ
	}
	then, err := c.list(list, inner, top)
	if err != nil {
		return nil, err
	}
	otherwise, err := c.list(elseList, dot, top)
	if err != nil {
		return nil, err
	}
	if with {
		return func(s *fastState, d, t reflect.Value) bool {
			v, ok := val(d, t)
			if !ok {
				return false
			}
			if truth(v) {
				return then(s, v, t)
			}
			return otherwise(s, d, t)
		}, nil
	}
	return func(s *fastState, d, t reflect.Value) bool {
		truth, ok := cond(d, t)
		if !ok {
			return false
		}
		if truth {
			return then(s, d, t)
		}
		return otherwise(s, d, t)
	}, nil
}

func (c *compiler) rangeNode(n *parse.RangeNode, dot, top reflect.Type) (runFn, error) {
	if len(n.Pipe.Decl) > 0 {
		return nil, notCompiled("range with variables")
	}
	val, _, typ, err := c.cond(n.Pipe, dot, top)
	if err != nil {
		return nil, err
	}
	if typ.Kind() != reflect.Slice && typ.Kind() != reflect.Array {
		return nil, notCompiled("range over %s", typ)
	}
	body, err := c.list(n.List, typ.Elem(), top)
	if err != nil {
		return nil, err
	}
	otherwise, err := c.list(n.ElseList, dot, top)
	if err != nil {
		return nil, err
	}
	return func(s *fastState, d, t reflect.Value) bool {
		v, ok := val(d, t)
		if !ok {
			return false
		}
		if v.Len() == 0 {
			return otherwise(s, d, t)
		}
		for i := range v.Len() {
			if !body(s, v.Index(i), t) {
				return false
			}
		}
		return true
	}, nil
}

func (c *compiler) call(n *parse.TemplateNode, dot, top reflect.Type) (runFn, error) {
	if n.Pipe == nil {
		return nil, notCompiled("template %q called without data", n.Name)
	}
	val, _, typ, err := c.cond(n.Pipe, dot, top)
	if err != nil {
		return nil, err
	}
	callee, err := c.template(n.Name, typ)
	if err != nil {
		return nil, err
	}
	return func(s *fastState, d, t reflect.Value) bool {
		v, ok := val(d, t)
		// The callee's $ is its dot.
		return ok && callee(s, v, v)
	}, nil
}

// methodlessString reports whether values of t print as their string: a
// string type without methods (no String or Error to call).
func methodlessString(t reflect.Type) bool {
	return t.Kind() == reflect.String && t.NumMethod() == 0 && reflect.PointerTo(t).NumMethod() == 0
}

// plainString reports whether html/template treats values of t as plain
// text: a methodless string type that is not one of its content types.
func plainString(t reflect.Type) bool {
	return methodlessString(t) && t.PkgPath() != htmlType.PkgPath()
}

// htmlEscape writes s escaped as html/template's HTML text, quoted attribute
// and RCDATA escapers escape a plain string: NUL becomes U+FFFD, and " & '
// + < > become character references; every other byte, including those of
// invalid UTF-8, is copied. (html/template decodes runes first, but each of
// these is a single byte that never occurs inside a multi-byte sequence.)
func htmlEscape(w *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(repl)
		last = i + 1
	}
	w.WriteString(s[last:])
}

// escOracle runs html/template's escaper chains that the compiled path
// does not do itself (URL and CSS filters), each through a template with a
// single action that html/template escapes with exactly that chain.
type escOracle struct {
	chains map[string]*oracleChain // by the chain's escaper names, joined by spaces
}

type oracleChain struct {
	tmpl           *htmltemplate.Template
	prefix, suffix string
	known          map[string]string // results for the branding's strings
}

// oracleContexts are the contexts whose escaper chains the oracle offers:
// URLs and CSS values in quoted attributes.
var oracleContexts = [][2]string{
	{`<a href="`, `">`},
	{`<a href="/`, `">`},
	{`<a href="/?q=`, `">`},
	{`<p style="color:`, `">`},
}

// newEscOracle builds the oracle, with the results for known (the
// branding's strings) computed up front.
func newEscOracle(known []string) *escOracle {
	o := &escOracle{chains: map[string]*oracleChain{}}
	for _, c := range oracleContexts {
		t, err := htmltemplate.New("oracle").Parse(c[0] + "{{.}}" + c[1])
		if err != nil {
			continue
		}
		if err := t.Execute(&bytes.Buffer{}, ""); err != nil {
			continue
		}
		chain, ok := escapedChain(t.Tree)
		if !ok || o.chains[chain] != nil {
			continue
		}
		oc := &oracleChain{tmpl: t, prefix: c[0], suffix: c[1], known: map[string]string{}}
		var buf, scratch bytes.Buffer
		for _, s := range known {
			buf.Reset()
			if oc.run(&buf, &scratch, s) {
				oc.known[s] = buf.String()
			}
		}
		o.chains[chain] = oc
	}
	return o
}

// escapedChain returns the escapers of the one action of an escaped tree.
func escapedChain(tree *parse.Tree) (string, bool) {
	var chain []string
	n := 0
	for _, node := range tree.Root.Nodes {
		if a, ok := node.(*parse.ActionNode); ok {
			n++
			for _, cmd := range a.Pipe.Cmds[1:] {
				id, ok := cmd.Args[0].(*parse.IdentifierNode)
				if !ok {
					return "", false
				}
				chain = append(chain, id.Ident)
			}
		}
	}
	return strings.Join(chain, " "), n == 1 && len(chain) > 0
}

func (o *escOracle) chain(name string) *oracleChain {
	if o == nil {
		return nil
	}
	return o.chains[name]
}

// write writes v through the chain.
func (oc *oracleChain) write(s *fastState, v string) bool {
	if r, ok := oc.known[v]; ok {
		s.out.WriteString(r)
		return true
	}
	return oc.run(&s.out, &s.scratch, v)
}

// run executes the chain's template for v in scratch and writes the escaped
// value to w.
func (oc *oracleChain) run(w, scratch *bytes.Buffer, v string) bool {
	scratch.Reset()
	if err := oc.tmpl.Execute(scratch, v); err != nil {
		return false
	}
	out := scratch.Bytes()
	if len(out) < len(oc.prefix)+len(oc.suffix) || string(out[:len(oc.prefix)]) != oc.prefix ||
		string(out[len(out)-len(oc.suffix):]) != oc.suffix {
		return false
	}
	w.Write(out[len(oc.prefix) : len(out)-len(oc.suffix)])
	return true
}
