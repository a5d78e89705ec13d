package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// server is a server process this harness started: this binary in a role.
type server struct {
	role    string
	cmd     *exec.Cmd
	ctl     *os.File    // its commands
	replies chan []byte // its answers, a line each; closed when it exits
	logFile string      // its stdout and stderr
	exited  chan struct{}
	waitErr error
	mu      sync.Mutex // one command at a time
}

// startServer starts this binary as role with args and extra environment
// env, its output in dir/role.log, and waits until it is ready.
func startServer(exe, dir, role string, args, env []string) (*server, readyMsg, error) {
	s := &server{role: role, logFile: filepath.Join(dir, role+".log"), replies: make(chan []byte, 1), exited: make(chan struct{})}
	logf, err := os.Create(s.logFile)
	if err != nil {
		return nil, readyMsg{}, err
	}
	defer logf.Close()
	ctlR, ctlW, err := os.Pipe()
	if err != nil {
		return nil, readyMsg{}, err
	}
	repR, repW, err := os.Pipe()
	if err != nil {
		ctlR.Close()
		ctlW.Close()
		return nil, readyMsg{}, err
	}
	s.cmd = exec.Command(exe, append([]string{role}, args...)...)
	s.cmd.Env = append(serverEnv(), env...)
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	s.cmd.ExtraFiles = []*os.File{ctlR, repW} // ctlInFD, ctlOutFD
	s.cmd.SysProcAttr = sysProcAttr()
	err = s.cmd.Start()
	ctlR.Close()
	repW.Close()
	if err != nil {
		ctlW.Close()
		repR.Close()
		return nil, readyMsg{}, err
	}
	s.ctl = ctlW
	go func() {
		defer close(s.replies)
		defer repR.Close()
		sc := bufio.NewScanner(repR)
		for sc.Scan() {
			s.replies <- append([]byte(nil), sc.Bytes()...)
		}
	}()
	go func() {
		s.waitErr = s.cmd.Wait()
		close(s.exited)
	}()
	var m readyMsg
	err = s.reply(60*time.Second, &m)
	if err == nil && m.Error != "" {
		err = errors.New(m.Error)
	}
	if err != nil {
		s.stop()
		return nil, readyMsg{}, fmt.Errorf("starting %s: %w%s", role, err, s.logTail())
	}
	return s, m, nil
}

// serverEnv is this process's environment without the AuthRocket and
// gateway settings, which the harness sets itself.
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AUTHROCKET_") && !strings.HasPrefix(kv, "LOGINROCKET_") {
			env = append(env, kv)
		}
	}
	return env
}

// reply decodes the server's next line into v.
func (s *server) reply(timeout time.Duration, v any) error {
	select {
	case line, ok := <-s.replies:
		if !ok {
			<-s.exited
			return fmt.Errorf("%s exited (%v)", s.role, s.waitErr)
		}
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(line, &e) == nil && e.Error != "" {
			return fmt.Errorf("%s: %s", s.role, e.Error)
		}
		return json.Unmarshal(line, v)
	case <-time.After(timeout):
		return fmt.Errorf("%s did not answer within %v", s.role, timeout)
	}
}

// stats asks the server for its procStats.
func (s *server) stats() (procStats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.ctl.WriteString("stats\n"); err != nil {
		return procStats{}, fmt.Errorf("%s: %w", s.role, err)
	}
	var st procStats
	err := s.reply(10*time.Second, &st)
	return st, err
}

// stop closes the server's control pipe, which stops it, and waits up to
// 20 s for it to exit before it kills it.
func (s *server) stop() {
	s.ctl.Close()
	select {
	case <-s.exited:
	case <-time.After(20 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

// logTail is the end of the server's log, to explain a failure.
func (s *server) logTail() string {
	b, err := os.ReadFile(s.logFile)
	if err != nil || len(b) == 0 {
		return ""
	}
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return fmt.Sprintf("\n--- end of %s ---\n%s", s.logFile, b)
}
