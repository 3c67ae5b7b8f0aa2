#!/usr/bin/env python3
"""Builds src/Rollout/Identity/common-passwords.txt.gz, the list of passwords Rollout refuses.

Nothing can be downloaded where Rollout is built, so the list is made here, from:
  1. well-known weak passwords and the words they are made of (the top entries of the public breach corpora,
     written out from memory: password, qwerty, iloveyou, dragon, football, ...), brand words (rollout, lumio),
     keyboard walks and digit runs;
  2. those words with the suffixes and separators people add to pass a rule (1234, 123!, years 1950-2035, ...),
     doubled, capitalised (the check ignores case);
  3. every lower-case word of 12 letters or more in Debian's wamerican and wbritish word lists (SCOWL, from
     wordlist.sourceforge.net): one dictionary word is what a dictionary attack tries first.
Only entries of 12 characters or more are kept: shorter passwords are refused by the length rule already.
Run: python3 scripts/make-common-passwords.py (needs Debian's wamerican and wbritish).
"""
import gzip, itertools, os, re

BASE = """
password passw0rd p@ssword p@ssw0rd pass pa55word qwerty qwertz azerty asdf zxcv iloveyou loveyou iloveu love lover
lovely admin administrator root welcome welcome1 letmein monkey dragon football baseball basketball soccer hockey
tennis golf master shadow sunshine princess superman batman spiderman starwars pokemon trustno1 whatever freedom
secret changeme default guest user login access hello hello123 abc abcd abcdef abcdefg abcdefgh qwertyuiop
asdfghjkl zxcvbnm michael jennifer jordan hunter ranger buster thomas robert daniel andrew joshua matthew charlie
jessica ashley amanda michelle nicole daniela maria anna sophie emma olivia william george harley liverpool chelsea
arsenal barcelona realmadrid juventus manchester united ferrari mustang corvette porsche mercedes killer summer
winter autumn spring flower butterfly cookie chocolate cheese pepper ginger orange banana apple cherry tigger
snoopy mickey minnie disney yankees cowboys eagles lakers warriors naruto samsung iphone google facebook
instagram linkedin microsoft windows computer internet matrix mother father family friend friends forever
beautiful angel baby babygirl sweet heart jesus christ god blessed faith peace happy lucky magic maggie bailey
shelby jasmine diamond silver golden gold money dollar hottie sexy pussy fuckyou fuck fucker bitch asshole
charlotte victoria alexander christopher jonathan benjamin nicholas samantha elizabeth stephanie qazwsx
qwe123 zaq12wsx 1qaz2wsx 1q2w3e4r 1q2w3e 1qazxsw2 q1w2e3r4 passport security letmein1 test tester testing
demo sample example temp temporary newpassword mypassword yourpassword nopassword blank system server office
company business rollout lumio staff customer manager support shop store london paris madrid berlin roma milano
amsterdam dublin lisboa warszawa stockholm espana france italia england germany europe america canada
monday tuesday friday sunday january february march april june july august september october november december
""".split()
SUFFIXES = ["", "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "123456789", "1234567890",
            "!", "!!", "1!", "12!", "123!", "1234!", "@", "@123", "#1", "#123", "$", "69", "007", "000", "111",
            "0000", "1111", "2222", "4321", "54321", "321", "01", "99", "2k", "xx", "x", "abc", "abc123", "qwerty"]
SUFFIXES += [str(y) for y in range(1950, 2036)] + [str(y) + "!" for y in range(1990, 2036)]
SEPARATORS = ["", "-", "_", "."]
LEET = str.maketrans({"a": "@", "o": "0", "e": "3", "i": "1", "s": "$"})


def walks():
    rows = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "0987654321", "poiuytrewq", "lkjhgfdsa", "mnbvcxz"]
    for row in rows:
        for n in range(12, len(row) * 2 + 1):
            yield (row * 3)[:n]
    for a, b in itertools.permutations(rows, 2):
        yield a + b
    for n in range(4, 8):
        yield "".join(f"{c1}{c2}" for c1, c2 in zip("1234567890", "qwertyuiop"))[: n * 2]
        yield "".join(f"{c1}{c2}{c3}" for c1, c2, c3 in zip("1234567890", "qwertyuiop", "asdfghjkl"))[: n * 3]
        yield "".join(f"{c1}{c2}{c3}" for c1, c2, c3 in zip("qwertyuiop", "asdfghjkl", "zxcvbnm"))[: n * 3]
    yield from ["1qaz2wsx3edc", "1qaz2wsx3edc4rfv", "qazwsxedcrfv", "qazwsxedcrfvtgb", "zaq12wsxcde3", "zaq1xsw2cde3",
                "1q2w3e4r5t6y", "1q2w3e4r5t6y7u8i", "q1w2e3r4t5y6", "a1b2c3d4e5f6", "abcdefghijkl", "abcdefghijklmnop",
                "abcdefghijklmnopqrstuvwxyz", "abc123abc123", "aaaaaaaaaaaa", "qwerty123456", "123456qwerty"]
    for d in "0123456789":
        for n in range(12, 21):
            yield d * n
    for start in range(0, 10):
        run = "".join(str((start + i) % 10) for i in range(30))
        for n in range(12, 21):
            yield run[:n]


def words():
    for name in ("american-english", "british-english"):
        path = f"/usr/share/dict/{name}"
        with open(path, encoding="utf-8") as f:
            for line in f:
                w = line.strip()
                if re.fullmatch(r"[a-z]+", w):
                    yield w


def main():
    out = set()
    for base in BASE:
        for sep in SEPARATORS:
            for suffix in SUFFIXES:
                if suffix or not sep:
                    out.add(base + sep + suffix)
                    out.add(base.translate(LEET) + suffix)
        for variant in {base, base.translate(LEET)}:
            out.add(variant * 2)
            out.add(variant * 3)
            for other in ("password", "love", "123", "1234", "admin", "pass", "qwerty"):
                out.add(variant + other)
                out.add(other + variant)
    out.update(walks())
    out.update(w for w in words() if len(w) >= 12)
    kept = sorted(p for p in out if len(p) >= 12 and p.isascii())
    target = os.path.join(os.path.dirname(__file__), "..", "src", "Rollout", "Identity", "common-passwords.txt.gz")
    with gzip.GzipFile(target, "wb", mtime=0) as f:
        f.write(("\n".join(kept) + "\n").encode("ascii"))
    print(f"{len(kept)} passwords of 12 characters or more in {os.path.normpath(target)}")


main()
