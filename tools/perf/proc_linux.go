package main

import "syscall"

// sysProcAttr makes a server process die with the harness, however the
// harness ends.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
