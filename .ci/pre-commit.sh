#!/usr/bin/env bash
# The pre-commit hooks of .pre-commit-hooks.yaml, run by the real pre-commit
# (PyPI) in a temporary git repository holding a guide: clean content passes,
# a planted warning fails with --strict (and passes without it), and a file
# outside the guide is left alone. Usage: .ci/pre-commit.sh PRE-COMMIT
set -euo pipefail
pre_commit=$1
hooks=$(pwd)
# The `-system` hooks run the release build CI already made; `handbok-lint`
# itself (language: rust) would build it again in pre-commit's environment.
export PATH="$hooks/target/release:$PATH"
export PRE_COMMIT_HOME="${TMPDIR:-/tmp}/handbok-ci-pre-commit-home"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# try-repo takes a repository: a snapshot of this checkout's tracked files.
git -C "$hooks" ls-files -z | (cd "$hooks" && xargs -0 tar -cf - --) | (mkdir -p "$work/hooks" && tar -xf - -C "$work/hooks")
git -C "$work/hooks" init -q && git -C "$work/hooks" add -A
git -C "$work/hooks" -c user.name=ci -c user.email=ci@example.org commit -qm hooks
repo="$work/guide"
mkdir -p "$repo"
cp -r "$hooks/content" "$repo/content"
mkdir -p "$repo/.github/workflows" && printf 'on: push\n' > "$repo/.github/workflows/ci.yml"
cat > "$repo/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $work/hooks
    rev: $(git -C "$work/hooks" rev-parse HEAD)
    hooks:
      - id: handbok-lint-system
        args: [--strict]
YAML
cd "$repo"
git init -q && git add -A && git -c user.name=ci -c user.email=ci@example.org commit -qm guide
echo "-- clean content passes"
"$pre_commit" run --all-files
echo "-- a planted warning (\"här..\") fails with --strict"
sed -i '0,/vad: |/s//vad: |\n  Vi gör det här../' content/omraden/ledarskap.yaml
git add -A
if "$pre_commit" run --all-files > "$work/out" 2>&1; then
  cat "$work/out"; echo "a warning passed --strict"; exit 1
fi
grep -q "content/omraden/ledarskap.yaml:[0-9]*:[0-9]*" "$work/out" || { cat "$work/out"; echo "no clickable path"; exit 1; }
grep -q "double-period" "$work/out" || { cat "$work/out"; exit 1; }
echo "-- without --strict the warning does not fail"
sed -i 's/args: \[--strict\]/args: []/' .pre-commit-config.yaml
"$pre_commit" run --all-files
echo "pre-commit: ok"
