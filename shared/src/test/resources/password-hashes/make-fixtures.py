#!/usr/bin/python3
"""Made wild-hashes.ndjson once, on Debian 12, by running the tools that make these hashes in the wild.

Each line is one hash: the ImportUser password fields that import it ("import"), the password it was made from,
the tool and the exact shell command that printed it (its output, trimmed, is the hash unless "from_output" says
what was taken). Tests only read the file; CI has none of these tools. Re-running makes new salts, so new hashes.

Tools: apt-get install -y argon2 apache2-utils slapd php-cli python3-passlib python3-argon2 python3-django openssl
"""
import json
import subprocess

PASSWORD = "correct horse battery staple"
UNICODE = "Pässwörd-密码-123"

entries = []


def run(command):
    return subprocess.run(["bash", "-c", command], check=True, capture_output=True, text=True).stdout.strip()


def add(name, tool, algorithm, password, command, take=lambda out: out, note=None, **fields):
    output = run(command)
    record = {"PasswordEncryptTypeEnum": algorithm, "Password": take(output)}
    record.update(fields)
    entry = {"name": name, "tool": tool, "command": command, "password": password, "import": record}
    if note:
        entry["note"] = note
    entries.append(entry)


def sh(text):
    """The text as one single-quoted shell word."""
    return "'" + text.replace("'", "'\\''") + "'"


# argon2 reference implementation's CLI (Debian's argon2 package)
for variant in ["id", "i", "d"]:
    add(f"argon2 CLI argon2{variant} v=19", "argon2 (reference CLI) 20190702", "ARGON2", PASSWORD,
        f"printf %s {sh(PASSWORD)} | argon2 somesaltsomesalt -{variant} -t 2 -m 16 -p 1 -e")
add("argon2 CLI argon2id v=16", "argon2 (reference CLI) 20190702", "ARGON2", UNICODE,
    f"printf %s {sh(UNICODE)} | argon2 saltsaltsalt -id -t 3 -m 12 -p 2 -v 10 -e")
add("argon2 CLI OWASP m=19456,t=2,p=1", "argon2 (reference CLI) 20190702", "ARGON2", PASSWORD,
    f"printf %s {sh(PASSWORD)} | argon2 0123456789abcdef -id -t 2 -k 19456 -p 1 -e")
add("argon2 CLI Keycloak m=7168,t=5,p=1", "argon2 (reference CLI) 20190702", "ARGON2", PASSWORD,
    f"printf %s {sh(PASSWORD)} | argon2 0123456789abcdef -id -t 5 -k 7168 -p 1 -l 32 -e")

# PHP's password_hash: its defaults (argon2id m=65536,t=4,p=1; bcrypt $2y$ cost 10)
add("php password_hash ARGON2ID default", "php 8.2 password_hash", "ARGON2", UNICODE,
    f"php -r 'echo password_hash($argv[1], PASSWORD_ARGON2ID);' {sh(UNICODE)}")
add("php password_hash ARGON2I default", "php 8.2 password_hash", "ARGON2", PASSWORD,
    f"php -r 'echo password_hash($argv[1], PASSWORD_ARGON2I);' {sh(PASSWORD)}")
add("php password_hash BCRYPT default ($2y$)", "php 8.2 password_hash", "BCRYPT", UNICODE,
    f"php -r 'echo password_hash($argv[1], PASSWORD_BCRYPT);' {sh(UNICODE)}")

# Apache's htpasswd (bcrypt, $2y$ cost 5); the output is user:hash
add("htpasswd -nbB ($2y$)", "htpasswd (apache2-utils 2.4)", "BCRYPT", PASSWORD,
    f"htpasswd -nbB alice {sh(PASSWORD)}", take=lambda out: out.split(":", 1)[1], note="output is alice:<hash>")

# OpenLDAP's slappasswd (pw-sha2 module for the SHA-2 schemes)
for scheme in ["{SSHA}", "{SHA}", "{SMD5}", "{MD5}"]:
    add(f"slappasswd {scheme}", "slappasswd (slapd 2.5)", "LDAP", UNICODE,
        f"slappasswd -h '{scheme}' -s {sh(UNICODE)}")
for scheme in ["{SSHA256}", "{SSHA512}", "{SHA512}"]:
    add(f"slappasswd {scheme}", "slappasswd (slapd 2.5, pw-sha2)", "LDAP", PASSWORD,
        f"slappasswd -o module-load=pw-sha2 -h '{scheme}' -s {sh(PASSWORD)}")

# passlib (its defaults: pbkdf2_sha256 29000, pbkdf2_sha512 25000, pbkdf2_sha1 131000 rounds; scrypt ln=16,r=8,p=1)
PASSLIB = "/usr/bin/python3 -c 'import sys, passlib.hash as h; print(h.{}.hash(sys.argv[1]))' {}"
for scheme, algorithm in [("pbkdf2_sha256", "PBKDF2"), ("pbkdf2_sha512", "PBKDF2"), ("pbkdf2_sha1", "PBKDF2"),
                          ("scrypt", "SCRYPT"), ("ldap_salted_sha1", "LDAP"), ("ldap_salted_sha256", "LDAP"),
                          ("ldap_salted_sha512", "LDAP"), ("ldap_salted_md5", "LDAP"), ("bcrypt", "BCRYPT"),
                          ("argon2", "ARGON2")]:
    add(f"passlib {scheme}", "passlib 1.7.4", algorithm, UNICODE, PASSLIB.format(scheme, sh(UNICODE)))

# Django's PBKDF2PasswordHasher (Django 3.2: 260000 iterations) and its SHA1 variant
DJANGO = ("/usr/bin/python3 -c 'import sys; from django.conf import settings; settings.configure(); "
          "from django.contrib.auth.hashers import {}; print({}().encode(sys.argv[1], \"s0meDjang0Salt\"))' {}")
add("django PBKDF2PasswordHasher", "django 3.2", "PBKDF2", UNICODE,
    DJANGO.format("PBKDF2PasswordHasher", "PBKDF2PasswordHasher", sh(UNICODE)))
add("django PBKDF2SHA1PasswordHasher", "django 3.2", "PBKDF2", PASSWORD,
    DJANGO.format("PBKDF2SHA1PasswordHasher", "PBKDF2SHA1PasswordHasher", sh(PASSWORD)))

# Keycloak's pbkdf2-sha256 credential (27500 iterations, 512-bit key, standard base64 salt and value), made as
# Keycloak's Pbkdf2PasswordHashProvider does, written as the PHC string its import converts it to.
KEYCLOAK = ("/usr/bin/python3 -c 'import sys, hashlib, base64; salt = bytes(range(16)); "
            "key = hashlib.pbkdf2_hmac(\"sha256\", sys.argv[1].encode(), salt, {0}, 64); "
            "print(\"$pbkdf2-sha256$i={0},l=64$\" + base64.b64encode(salt).decode() + \"$\" + "
            "base64.b64encode(key).decode())' {1}")
add("Keycloak pbkdf2-sha256 27500", "python3 hashlib (as Keycloak)", "PBKDF2", PASSWORD, KEYCLOAK.format(27500, sh(PASSWORD)))
add("Keycloak pbkdf2-sha256 600000", "python3 hashlib (as Keycloak 24+)", "PBKDF2", PASSWORD,
    KEYCLOAK.format(600000, sh(PASSWORD)))

# OpenSSL digests and HMACs of salted passwords, salt as text or as bytes
add("openssl sha512, salt at the head", "openssl 3.0 dgst", "SHA512", PASSWORD,
    f"printf %s {sh('s@lt' + PASSWORD)} | openssl dgst -sha512 -r | cut -d' ' -f1",
    Salt={"SaltValue": "s@lt", "SaltLocation": {"SaltLocationTypeEnum": "HEAD"}})
add("openssl md4 (legacy provider)", "openssl 3.0 dgst", "MD4", PASSWORD,
    f"printf %s {sh(PASSWORD)} | openssl dgst -md4 -provider legacy -provider default -r | cut -d' ' -f1")
add("openssl sha256, hex salt bytes at the tail", "openssl 3.0 dgst", "SHA256", UNICODE,
    f"(printf %s {sh(UNICODE)}; printf '\\xde\\xad\\xbe\\xef\\x00\\xff') | openssl dgst -sha256 -binary | base64",
    Salt={"SaltValue": "deadbeef00ff", "SaltEncoding": "HEX", "SaltLocation": {"SaltLocationTypeEnum": "TAIL"}})
add("openssl md5, base64 salt bytes by an OTHER rule", "openssl 3.0 dgst", "MD5", PASSWORD,
    f"(printf '\\x01\\x02\\x03'; printf %s {sh('::' + PASSWORD)}) | openssl dgst -md5 -r | cut -d' ' -f1",
    Salt={"SaltValue": "AQID", "SaltEncoding": "BASE64",
          "SaltLocation": {"SaltLocationTypeEnum": "OTHER", "SaltLocationRule": {"Regex": "{salt}::{password}"}}})
add("openssl hmac-sha256, text key", "openssl 3.0 dgst", "HMAC_SHA256", PASSWORD,
    f"printf %s {sh(PASSWORD)} | openssl dgst -sha256 -hmac 'my-pepper' -r | cut -d' ' -f1",
    HmacKey={"KeyValue": "my-pepper"})
add("openssl hmac-sha512, hex key, salt at the head", "openssl 3.0 dgst", "HMAC_SHA512", UNICODE,
    f"printf %s {sh('NaCl' + UNICODE)} | openssl dgst -sha512 -mac HMAC -macopt hexkey:00112233445566778899 -r"
    " | cut -d' ' -f1",
    HmacKey={"KeyValue": "00112233445566778899", "KeyEncoding": "HEX"}, Salt={"SaltValue": "NaCl"})
add("openssl hmac-sha512, base64 key", "openssl 3.0 dgst", "HMAC_SHA512", PASSWORD,
    f"printf %s {sh(PASSWORD)} | openssl dgst -sha512 -mac HMAC -macopt hexkey:6b6579 -binary | base64 -w0",
    HmacKey={"KeyValue": "a2V5", "KeyEncoding": "BASE64"})

# Python's hashlib.scrypt (OpenSSL's), written as passlib's string
add("python hashlib.scrypt n=2^14,r=8,p=1", "python3 hashlib (OpenSSL)", "SCRYPT", PASSWORD,
    "/usr/bin/python3 -c 'import sys, hashlib, base64; s = b\"NaClNaClNaClNaCl\"; "
    "k = hashlib.scrypt(sys.argv[1].encode(), salt=s, n=16384, r=8, p=1, dklen=32); "
    "b = lambda x: base64.b64encode(x).decode().rstrip(\"=\"); print(\"$scrypt$ln=14,r=8,p=1$\" + b(s) + \"$\" + b(k))' "
    + sh(PASSWORD))

with open("wild-hashes.ndjson", "w") as out:
    for entry in entries:
        out.write(json.dumps(entry, ensure_ascii=False) + "\n")
print(len(entries), "hashes")
