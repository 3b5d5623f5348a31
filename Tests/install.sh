#!/usr/bin/env bash
# Checks `make install` and `make uninstall`, staged with DESTDIR in a temporary directory (nothing is
# written outside it, root is not needed): the installed files and only those, the tool on the PATH
# running --help, the bash completion registering and completing subcommands and options, the zsh
# completion loading through compinit (from the installed site-functions directory too) and
# completing subcommands (skipped, and said so, when zsh is not installed), and uninstall removing
# exactly what install put there. Run by `make test`; MAKE and BUILD_FLAGS (if set) are passed to make.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
make_command=${MAKE:-make}
build_flags=${BUILD_FLAGS:-}
unset MAKEFLAGS MFLAGS MAKELEVEL DESTDIR PREFIX BINDIR BASH_COMPLETION_DIR ZSH_COMPLETION_DIR

tmp=$(mktemp -d "${TMPDIR:-/tmp}/asonn-install-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# The shells started here read no start-up files and keep any state (zsh's completion dump) in
# $tmp; make keeps the real HOME (SwiftPM's caches).
shell_home=$tmp/home
mkdir -p "$shell_home"
in_shell_home() { HOME=$shell_home ZDOTDIR=$shell_home "$@"; }

failures=0
pass() { echo "ok: $*"; }
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# check DESCRIPTION ACTUAL EXPECTED
check() { if [[ $2 == "$3" ]]; then pass "$1"; else fail "$1: expected [$3], got [$2]"; fi; }
# contains DESCRIPTION TEXT WORD...: every WORD is a whole word of TEXT
contains() {
    local what=$1 text=" $(tr '\n' ' ' <<<"$2") " word missing=""
    shift 2
    for word in "$@"; do [[ $text == *" $word "* ]] || missing+=" $word"; done
    if [[ -z $missing ]]; then pass "$what"; else fail "$what: missing$missing in [$text]"; fi
}
run_make() {
    mkdir -p "$tmp/make-tmp"  # SwiftPM leaves empty temporary directories behind
    if ! TMPDIR=$tmp/make-tmp "$make_command" -s -C "$root" "$@" BUILD_FLAGS="$build_flags" >"$tmp/make.log" 2>&1; then
        cat "$tmp/make.log" >&2
        fail "make $*"
        return 1
    fi
}
# Every file and link under a directory, relative to it, sorted.
files_under() { (cd "$1" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort); }

stage=$tmp/stage
prefix=/usr
bin=$stage$prefix/bin
bash_file=$stage$prefix/share/bash-completion/completions/asonn
zsh_dir=$stage$prefix/share/zsh/site-functions

# Files of other software in the same directories, which uninstall must leave alone.
mkdir -p "$bin" "$(dirname "$bash_file")"
echo other >"$bin/other-tool"
echo other >"$(dirname "$bash_file")/other-tool"

echo "== make install DESTDIR=$stage PREFIX=$prefix"
run_make install DESTDIR="$stage" PREFIX="$prefix" || exit 1
check "installed files" "$(files_under "$stage")" "$(printf '%s\n' \
    usr/bin/asonn usr/bin/other-tool \
    usr/share/bash-completion/completions/asonn usr/share/bash-completion/completions/other-tool \
    usr/share/zsh/site-functions/_asonn)"
[[ -x $bin/asonn ]] && pass "asonn is executable" || fail "asonn is not executable"
cmp -s "$bin/asonn" "$root/.build/release/asonn" && pass "asonn is the release build" \
    || fail "installed asonn differs from .build/release/asonn"
# The Swift runtime and Foundation are linked in: the tool runs without the toolchain.
swift_libraries=$(ldd "$bin/asonn" 2>&1 | grep -o 'lib\(swift\|Foundation\|dispatch\)[A-Za-z_]*\.so' \
    | sort -u | tr '\n' ' ')
check "asonn loads no Swift library" "$swift_libraries" ""

echo "== asonn from the PATH"
export PATH="$bin:$PATH"
check "asonn found on the PATH" "$(command -v asonn)" "$bin/asonn"
help=$(cd "$tmp" && in_shell_home asonn --help 2>&1)
check "asonn --help exits 0" "$?" 0
[[ $help == *"USAGE: asonn <subcommand>"* ]] && pass "asonn --help prints the usage" \
    || fail "asonn --help: no usage line in [$help]"
contains "asonn --help lists the subcommands" "$help" train predict evaluate explain tradeoff plan
help=$(cd "$tmp" && in_shell_home asonn train --help 2>&1)
[[ $? == 0 && $help == *"USAGE: asonn train"* ]] && pass "asonn train --help" \
    || fail "asonn train --help: [$help]"

echo "== bash completion ($bash_file)"
# Files and a folder for the file and folder completions.
files=$tmp/files
mkdir -p "$files/reports"
touch "$files/heart.csv" "$files/heart.json"
# complete WORD...: the completions bash offers for the last WORD of the command line WORD...
bash_completions=$(in_shell_home bash --norc --noprofile -c '
    source "$1" || exit 1
    complete -p asonn || exit 1
    function=$(complete -p asonn | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
    complete_words() {
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        COMPREPLY=()
        "$function" asonn "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[*]}"
    }
    complete_words asonn ""
    complete_words asonn tr
    complete_words asonn train --ta
    complete_words asonn explain model.json --format ""
    complete_words asonn train "$2/heart.c"
    complete_words asonn train data.csv --costs "$2/h"
    complete_words asonn tradeoff data.csv --out "$2/"
' bash "$bash_file" "$files" 2>"$tmp/bash.err")
status=$?
check "bash: loads without errors" "$status:$(cat "$tmp/bash.err")" "0:"
mapfile -t lines <<<"$bash_completions"
check "bash: complete -p asonn" "${lines[0]:-}" "complete -o filenames -F _asonn asonn"
contains "bash: 'asonn <TAB>' offers the subcommands" "${lines[1]:-}" \
    train predict evaluate explain tradeoff plan help
check "bash: 'asonn tr<TAB>'" "$(tr ' ' '\n' <<<"${lines[2]:-}" | LC_ALL=C sort | xargs)" "tradeoff train"
contains "bash: 'asonn train --ta<TAB>'" "${lines[3]:-}" --target
contains "bash: 'asonn explain model.json --format <TAB>'" "${lines[4]:-}" text markdown json
check "bash: 'asonn train DIR/heart.c<TAB>' completes the file" "${lines[5]:-}" "$files/heart.csv"
check "bash: 'asonn train data.csv --costs DIR/h<TAB>' offers the files" \
    "$(tr ' ' '\n' <<<"${lines[6]:-}" | LC_ALL=C sort | xargs)" "$files/heart.csv $files/heart.json"
check "bash: 'asonn tradeoff data.csv --out DIR/<TAB>' offers the folder only" "${lines[7]:-}" "$files/reports"

echo "== zsh completion ($zsh_dir/_asonn)"
if ! command -v zsh >/dev/null; then
    echo "skipped: zsh is not installed (make test installs it)"
else
    out=$(in_shell_home zsh -f -c 'autoload -U compinit; compinit -u -D; source "$1" && print -r -- "$_comps[asonn]"' \
        zsh "$zsh_dir/_asonn" 2>&1)
    check "zsh: sourcing after compinit registers _asonn" "$out" "_asonn"
    find_in_fpath='fpath=("$1" $fpath); autoload -U compinit; compinit -u -D; print -r -- "$_comps[asonn]"'
    out=$(in_shell_home zsh -f -c "$find_in_fpath" zsh "$zsh_dir" 2>&1)
    check "zsh: compinit finds _asonn in site-functions" "$out" "_asonn"

    # Completion needs the line editor: an interactive zsh in a pseudo-terminal, with Tab bound to a
    # widget that completes and then prints a marker; compadd prints each candidate it is given.
    cat >"$tmp/complete.zsh" <<'EOF'
zmodload zsh/zpty || exit 1
zpty z zsh -f -i
zpty -w z "PROMPT=''; RPROMPT=''; fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'compadd() { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  local -a hits; builtin compadd -A hits "$@"; local h; for h in $hits; do print -r -- "<""hit>$h<""/hit>"; done; }'
zpty -w z 'capture() { zle complete-word; print -r -- "<""end>"; }; zle -N capture; bindkey "^I" capture'
zpty -w z 'print -r -- "<""ready>"'
zpty -r z out '*<ready>*' || exit 1
zpty -w -n z "$2"$'\t'
zpty -r z out '*<end>*' || exit 1
zpty -d z
print -r -- "$out" | tr -d '\r' | grep -o '<hit>[^<]*</hit>' | sed 's/<hit>//; s/<\/hit>//' | LC_ALL=C sort -u | xargs
EOF
    out=$(in_shell_home timeout 60 zsh -f "$tmp/complete.zsh" "$zsh_dir" 'asonn ' 2>&1)
    contains "zsh: 'asonn <TAB>' offers the subcommands" "$out" train predict evaluate explain tradeoff plan help
    out=$(in_shell_home timeout 60 zsh -f "$tmp/complete.zsh" "$zsh_dir" 'asonn tr' 2>&1)
    check "zsh: 'asonn tr<TAB>'" "$out" "tradeoff train"
    out=$(in_shell_home timeout 60 zsh -f "$tmp/complete.zsh" "$zsh_dir" 'asonn train --ta' 2>&1)
    contains "zsh: 'asonn train --ta<TAB>'" "$out" --target
    out=$(in_shell_home timeout 60 zsh -f "$tmp/complete.zsh" "$zsh_dir" "asonn train $files/heart.c" 2>&1)
    contains "zsh: 'asonn train DIR/heart.c<TAB>' completes the file" "$out" heart.csv
    out=$(in_shell_home timeout 60 zsh -f "$tmp/complete.zsh" "$zsh_dir" 'asonn tradeoff --sh' 2>&1)
    contains "zsh: 'asonn tradeoff --sh<TAB>'" "$out" --shard
    out=$(in_shell_home timeout 60 zsh -f "$tmp/complete.zsh" "$zsh_dir" "asonn tradeoff $files/heart.c" 2>&1)
    contains "zsh: 'asonn tradeoff DIR/heart.c<TAB>' completes the file" "$out" heart.csv
fi

echo "== make uninstall DESTDIR=$stage PREFIX=$prefix"
run_make uninstall DESTDIR="$stage" PREFIX="$prefix"
check "uninstall leaves only the other files" "$(files_under "$stage")" "$(printf '%s\n' \
    usr/bin/other-tool usr/share/bash-completion/completions/other-tool)"
run_make uninstall DESTDIR="$stage" PREFIX="$prefix" && pass "uninstall again succeeds"

echo "== default PREFIX"
run_make install DESTDIR="$tmp/default"
check "make install DESTDIR=... installs under /usr/local" "$(files_under "$tmp/default")" "$(printf '%s\n' \
    usr/local/bin/asonn usr/local/share/bash-completion/completions/asonn \
    usr/local/share/zsh/site-functions/_asonn)"
run_make uninstall DESTDIR="$tmp/default"
check "make uninstall DESTDIR=... removes them" "$(files_under "$tmp/default")" ""

if ((failures > 0)); then
    echo "install test: $failures failed" >&2
    exit 1
fi
echo "install test: all passed"
