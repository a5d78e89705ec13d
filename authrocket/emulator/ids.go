package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
)

const (
	alnum = "0123456789abcdefghijklmnopqrstuvwxyz"
	// seqWidth is the width of the zero-padded base36 sequence part of an
	// id; 36^9 is about 1e14, far above a millisecond epoch seed.
	seqWidth = 9
	// idRandLen is the number of random characters after the sequence.
	idRandLen = 10
)

// randomAlnum returns n random lowercase letters and digits.
func randomAlnum(n int) string {
	var b strings.Builder
	b.Grow(n)
	buf := make([]byte, n+n/2+8)
	for b.Len() < n {
		_, _ = rand.Read(buf)
		for _, c := range buf {
			if c >= 252 { // 252 = 7*36: reject to stay unbiased
				continue
			}
			b.WriteByte(alnum[int(c)%36])
			if b.Len() == n {
				break
			}
		}
	}
	return b.String()
}

// randomHex returns n random bytes as 2n lowercase hex digits.
func randomHex(n int) string {
	buf := make([]byte, n)
	_, _ = rand.Read(buf)
	return hex.EncodeToString(buf)
}

// newID returns prefix + a fixed-width base36 sequence number + random
// characters. The sequence grows by one per id within an emulator, so ids
// of any one kind sort (as strings) in creation order.
func (e *Emulator) newID(prefix string) string {
	n := e.seq.Add(1)
	s := strconv.FormatUint(n, 36)
	if len(s) < seqWidth {
		s = strings.Repeat("0", seqWidth-len(s)) + s
	}
	return prefix + s + randomAlnum(idRandLen)
}

// newAPIKey returns a fresh account API key: ks_ + 32 lowercase alnum.
func newAPIKey() string { return "ks_" + randomAlnum(32) }
