package bundle

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"io"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20"
	"golang.org/x/crypto/chacha20poly1305"

	"keycard/accounts"
)

// A sealed bundle is
//
//	offset size
//	0      15   magic "KEYCARD-SEALED\n"
//	15     1    seal version (1)
//	16     1    key derivation (1 = Argon2id)
//	17     4    Argon2 time (passes), big endian
//	21     4    Argon2 memory in KiB, big endian
//	25     1    Argon2 threads
//	26     16   salt
//	42     24   XChaCha20-Poly1305 nonce
//	66     …    the plain bundle sealed with XChaCha20-Poly1305
//
// The header is the additional data of the seal, so changing a parameter is
// detected like changing the content. The key derivation parameters travel
// in the header so that later versions can raise them and still open older
// bundles.
const (
	sealMagic   = "KEYCARD-SEALED\n"
	sealVersion = 1
	kdfArgon2id = 1
	headerLen   = len(sealMagic) + 1 + 1 + 4 + 4 + 1 + saltLen + chacha20poly1305.NonceSizeX
	saltLen     = 16
)

// kdfParams are Argon2id's cost parameters.
type kdfParams struct {
	time    uint32
	memory  uint32 // KiB
	threads uint8
}

// defaultKDF follows the second recommendation of RFC 9106 (t=3, 64 MiB),
// which derives a key in well under a second on a laptop.
var defaultKDF = kdfParams{time: 3, memory: 64 << 10, threads: 4}

// Bounds on the parameters a sealed bundle may ask for: a crafted header must
// not make the reader spend minutes or gigabytes before it can refuse.
const (
	maxKDFTime    = 16
	maxKDFMemory  = 256 << 10 // KiB
	maxKDFThreads = 16
)

func seal(w io.Writer, plain []byte, passphrase string, p kdfParams) error {
	header := make([]byte, headerLen)
	copy(header, sealMagic)
	i := len(sealMagic)
	header[i], header[i+1] = sealVersion, kdfArgon2id
	binary.BigEndian.PutUint32(header[i+2:], p.time)
	binary.BigEndian.PutUint32(header[i+6:], p.memory)
	header[i+10] = p.threads
	salt := header[i+11 : i+11+saltLen]
	nonce := header[i+11+saltLen:]
	if _, err := rand.Read(header[i+11:]); err != nil {
		return fmt.Errorf("seal bundle: read random salt and nonce: %w", err)
	}
	aead, err := chacha20poly1305.NewX(deriveKey(passphrase, salt, p))
	if err != nil {
		return fmt.Errorf("seal bundle: %w", err)
	}
	out := aead.Seal(header, nonce, plain, header)
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("write bundle: %w", err)
	}
	return nil
}

func deriveKey(passphrase string, salt []byte, p kdfParams) []byte {
	return argon2.IDKey([]byte(passphrase), salt, p.time, p.memory, p.threads, chacha20poly1305.KeySize)
}

// unseal checks the header, then derives the key and opens the sealed
// archive, refusing one larger than limit before reading it.
func unseal(r io.ReaderAt, size int64, passphrase string, limit int64) ([]byte, error) {
	if size < int64(headerLen+chacha20poly1305.Overhead) {
		return nil, damaged(fmt.Errorf("sealed bundle of %d bytes", size))
	}
	if size-int64(headerLen) > limit+zipSlack {
		return nil, tooLarge(limit)
	}
	header := make([]byte, headerLen)
	if err := readAt(r, header, 0); err != nil {
		return nil, damaged(fmt.Errorf("read sealed header: %w", err))
	}
	i := len(sealMagic)
	if header[i] != sealVersion || header[i+1] != kdfArgon2id {
		if header[i] > sealVersion || header[i+1] > kdfArgon2id {
			return nil, &accounts.Error{Code: accounts.EVERSION,
				Msg: accounts.Phrase{Key: "bundle.sealed_newer"}}
		}
		return nil, damaged(fmt.Errorf("sealed header version %d, kdf %d", header[i], header[i+1]))
	}
	p := kdfParams{
		time:    binary.BigEndian.Uint32(header[i+2:]),
		memory:  binary.BigEndian.Uint32(header[i+6:]),
		threads: header[i+10],
	}
	if p.time < 1 || p.time > maxKDFTime || p.memory < 8*uint32(p.threads) || p.memory > maxKDFMemory ||
		p.threads < 1 || p.threads > maxKDFThreads {
		return nil, damaged(fmt.Errorf("sealed header kdf parameters %+v", p))
	}
	if passphrase == "" {
		return nil, &accounts.Error{Code: EPASSPHRASE,
			Msg: accounts.Phrase{Key: "bundle.passphrase_needed"}}
	}
	sealed := make([]byte, size-int64(headerLen))
	if err := readAt(r, sealed, int64(headerLen)); err != nil {
		return nil, damaged(fmt.Errorf("read sealed bundle: %w", err))
	}
	salt := header[i+11 : i+11+saltLen]
	nonce := header[i+11+saltLen:]
	key := deriveKey(passphrase, salt, p)
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("open sealed bundle: %w", err)
	}
	// The key tells a wrong passphrase from a damaged file, and it must
	// be asked before Open, which overwrites sealed in place.
	right := opensArchive(key, nonce, sealed)
	plain, err := aead.Open(sealed[:0], nonce, sealed, header)
	if err == nil {
		return plain, nil
	}
	if right {
		return nil, damaged(fmt.Errorf("open sealed bundle: the passphrase is right, the content changed: %w", err))
	}
	return nil, &accounts.Error{Code: EPASSPHRASE,
		Msg: accounts.Phrase{Key: "bundle.passphrase_wrong"}, Err: err}
}

// opensArchive reports whether key deciphers the first bytes of sealed
// into the start of a zip archive, as the key of every bundle Keycard
// seals does. The seal's tag covers the whole file, so a file cut short in
// transfer or with one changed byte fails it with the right passphrase as
// with a wrong one; the archive's known first four bytes tell the two
// apart (a wrong key gives them by chance once in four billion). Nothing
// deciphered here is used: the content is only read after Open checked it.
func opensArchive(key, nonce, sealed []byte) bool {
	const magic = "PK\x03\x04"
	if len(sealed) < len(magic) {
		return false
	}
	// XChaCha20-Poly1305 enciphers with the stream's block 1 onwards;
	// block 0 keys the tag.
	c, err := chacha20.NewUnauthenticatedCipher(key, nonce)
	if err != nil {
		return false
	}
	c.SetCounter(1)
	head := make([]byte, len(magic))
	c.XORKeyStream(head, sealed[:len(magic)])
	return string(head) == magic
}

// readAt fills b from offset off; a ReaderAt may report io.EOF along with a
// full read.
func readAt(r io.ReaderAt, b []byte, off int64) error {
	n, err := r.ReadAt(b, off)
	if n == len(b) {
		return nil
	}
	if err == nil {
		err = io.ErrUnexpectedEOF
	}
	return err
}
