// Package trickletest sends HTTP requests whose body trickles in slowly, to
// test that handlers give up on them.
package trickletest

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// Result is what the server did with a trickled request.
type Result struct {
	// Status is the server's answer, or 0 when it closed the connection
	// without one.
	Status int
	// Sent is the number of body bytes written before the server answered
	// or closed the connection.
	Sent int
	// Total is the announced body length.
	Total int
}

// GaveUp reports whether the server answered or hung up before the whole
// body was sent.
func (r Result) GaveUp() bool { return r.Sent < r.Total }

// Post connects to addr (host:port), sends "POST path" with header and a
// Content-Length of total bytes, then one body byte per interval until the
// server answers or closes the connection, or all total bytes are sent. It
// waits at most guard for the answer after the last byte.
func Post(addr, path string, header http.Header, total int, interval, guard time.Duration) (Result, error) {
	return Send(http.MethodPost, addr, path, header, total, interval, guard)
}

// Send is Post with another method, such as a GET with a body.
func Send(method, addr, path string, header http.Header, total int, interval, guard time.Duration) (Result, error) {
	res := Result{Total: total}
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return res, err
	}
	defer conn.Close()
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\n", method, path, addr, total)
	for k, vs := range header {
		for _, v := range vs {
			fmt.Fprintf(&b, "%s: %s\r\n", k, v)
		}
	}
	b.WriteString("\r\n")
	if _, err := conn.Write([]byte(b.String())); err != nil {
		return res, err
	}
	answered := make(chan int, 1)
	go func() {
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for res.Sent < total {
		select {
		case res.Status = <-answered:
			return res, nil
		case <-tick.C:
		}
		if _, err := conn.Write([]byte{'x'}); err != nil {
			break // the server hung up; collect its answer, if any
		}
		res.Sent++
	}
	_ = conn.SetReadDeadline(time.Now().Add(guard))
	res.Status = <-answered
	return res, nil
}
