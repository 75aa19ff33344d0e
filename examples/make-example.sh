#!/usr/bin/env bash
# Builds the bundled example release: an example CA, two small jars, their CMS signatures, CycloneDX SBOMs and
# SARIF scans. The CA and signing keys live in a temporary folder and are deleted at the end; only the example CA
# certificate is kept (examples/trust/example-ca.pem). EXAMPLE ONLY: never trust this CA for anything real.
#
# Run from anywhere: bash examples/make-example.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
release="$here/release"
trust="$here/trust"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$release" "$trust"
rm -f "$release"/*

# An example CA and a code-signing certificate issued by it, valid for a long time so the example keeps working.
cat > "$work/ca.cnf" <<'CNF'
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
O = Release Gate Example
CN = Release Gate Example CA - EXAMPLE ONLY - DO NOT TRUST
[ ca_ext ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ signer_ext ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = codeSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/ca.key" \
    -config "$work/ca.cnf" -extensions ca_ext -days 36500 -sha256 -out "$trust/example-ca.pem" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/signer.key" \
    -subj "/O=Release Gate Example/CN=Example Release Signer - EXAMPLE ONLY" -out "$work/signer.csr" 2>/dev/null
openssl x509 -req -in "$work/signer.csr" -CA "$trust/example-ca.pem" -CAkey "$work/ca.key" -CAserial "$work/ca.srl" -CAcreateserial \
    -extfile "$work/ca.cnf" -extensions signer_ext -days 36500 -sha256 -out "$work/signer.pem" 2>/dev/null

# Two small jars with fixed content and timestamps, so their digests are stable.
make_jar() {
    local name=$1 message=$2
    mkdir -p "$work/$name/META-INF" "$work/$name/example"
    printf 'Manifest-Version: 1.0\nCreated-By: Release Gate example\n' > "$work/$name/META-INF/MANIFEST.MF"
    printf '%s\n' "$message" > "$work/$name/example/README.txt"
    find "$work/$name" -exec touch -d '2026-01-01 00:00:00 UTC' {} +
    (cd "$work/$name" && TZ=UTC zip -X -q -r "$release/$name.jar" META-INF example)
}
make_jar app-1.0 "The example application. Its evidence is complete and passes the example policy."
make_jar report-tool-1.0 "An example tool whose evidence fails the gate: a critical finding and a stale SBOM."

sign() {
    openssl cms -sign -binary -in "$release/$1" -signer "$work/signer.pem" -inkey "$work/signer.key" \
        -md sha256 -outform DER -out "$release/$1.p7s"
}
sign app-1.0.jar
sign report-tool-1.0.jar

sha256() { sha256sum "$1" | cut -d' ' -f1; }

sbom() {
    local jar=$1 name=$2 digest=$3
    cat > "$release/$jar.cdx.json" <<JSON
{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "serialNumber": "urn:uuid:$(cat /proc/sys/kernel/random/uuid)",
  "version": 1,
  "metadata": {
    "timestamp": "2026-01-01T00:00:00Z",
    "component": {
      "type": "application",
      "bom-ref": "pkg:maven/com.example/$name@1.0",
      "name": "$name",
      "version": "1.0",
      "purl": "pkg:maven/com.example/$name@1.0?type=jar",
      "hashes": [{"alg": "SHA-256", "content": "$digest"}]
    }
  },
  "components": [
    {"type": "library", "bom-ref": "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.22.0",
     "group": "com.fasterxml.jackson.core", "name": "jackson-databind", "version": "2.22.0",
     "purl": "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.22.0"},
    {"type": "library", "bom-ref": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
     "group": "org.apache.logging.log4j", "name": "log4j-core", "version": "2.14.1",
     "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}
  ]
}
JSON
}
sbom app-1.0.jar app "$(sha256 "$release/app-1.0.jar")"
# The tool's SBOM describes an earlier build: its digest does not match the jar any more.
sbom report-tool-1.0.jar report-tool "$(printf 'an earlier build' | sha256sum | cut -d' ' -f1)"

sarif() {
    local jar=$1 results=$2
    cat > "$release/$jar.sarif" <<JSON
{
  "\$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [{
    "tool": {"driver": {"name": "Example Scanner", "version": "1.0.0", "rules": [
      {"id": "CVE-2021-44228", "shortDescription": {"text": "Log4Shell: remote code execution in log4j-core"},
       "properties": {"security-severity": "10.0"}},
      {"id": "CVE-2022-42003", "shortDescription": {"text": "Deeply nested arrays exhaust the stack in jackson-databind"},
       "properties": {"security-severity": "7.5"}},
      {"id": "EXAMPLE-LOW-1", "shortDescription": {"text": "Verbose error messages"},
       "properties": {"security-severity": "3.1"}}
    ]}},
    "invocations": [{"executionSuccessful": true, "endTimeUtc": "2026-01-01T00:00:00Z"}],
    "artifacts": [{"location": {"uri": "$jar"}, "hashes": {"sha-256": "$(sha256 "$release/$jar")"}}],
    "results": [$results]
  }]
}
JSON
}
low='{"ruleId": "EXAMPLE-LOW-1", "ruleIndex": 2, "level": "note", "message": {"text": "Stack traces reach the error page."}}'
jackson='{"ruleId": "CVE-2022-42003", "ruleIndex": 1, "level": "error", "message": {"text": "jackson-databind 2.13.3 is affected."}}'
log4shell='{"ruleId": "CVE-2021-44228", "ruleIndex": 0, "level": "error", "message": {"text": "log4j-core 2.14.1 is affected."}}'
sarif app-1.0.jar "$low, $jackson"
sarif report-tool-1.0.jar "$low, $log4shell"

echo "Example release written to $release; trust anchor in $trust/example-ca.pem."
