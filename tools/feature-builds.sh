#!/usr/bin/env bash
# Issue 12's build figures, in one run on one machine (dev profile, dependencies built first,
# `-D warnings`): what a user waits for when building the crate graphdoc generates from DOCS.
#
#   tools/feature-builds.sh OLD_GRAPHDOC NEW_GRAPHDOC DOCS [BASE_GRAPHDOC]
#
# e.g. tools/feature-builds.sh /tmp/old/graphdoc target/release/graphdoc \
#        ../shared/corpus/en-2021/api-reference/v1.0
#
# Builds, each timed with its peak memory (the largest process of the build, rustc):
#   old      the crate OLD_GRAPHDOC generates (one module per version, no features)
#   base     (with BASE_GRAPHDOC) the crate it generates, `--features full`: an earlier build of
#            the same layout, to measure what a change saves
#   full     the crate NEW_GRAPHDOC generates, `--features full`
#   mail     the same crate with the features of a mail-and-users program (`users,outlook`)
#   include  the crate of `--include 'users/**' --include 'me/messages/**' --include 'me/sendMail'`
# then a mail-and-users program (a binary crate on the `mail` features, calling seven stubs):
#   program  its cold build with the generated crate's dependencies built
#   relink   one doc line changed: graphdoc regenerates the crate, cargo rebuilds the program,
#            with incremental compilation on as cargo's dev profile has it for a path dependency
#            (primed by one untimed build)
set -euo pipefail
old=$(realpath "$1") new=$(realpath "$2") docs=$(realpath "$3") base=${4:+$(realpath "$4")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lock=$(realpath "$(dirname "$0")/../Cargo.lock")
export CARGO_TARGET_DIR="$work/target" CARGO_INCREMENTAL=0 RUSTFLAGS="-D warnings"
export CARGO_PROFILE_DEV_DEBUG=0

gen() { # gen BIN OUT NAME [ARGS…]: exit status 1 only says a page has an error diagnostic
    local bin=$1 out=$2 name=$3
    shift 3
    "$bin" generate --docs "$docs_copy" --out "$out" --crate "$name" "$@" >/dev/null 2>&1 || true
    [ -f "$out/Cargo.toml" ] || { echo "error: $bin wrote no crate in $out" >&2; exit 1; }
    cp "$lock" "$out/Cargo.lock"
}

# The docs are copied: the last step changes one line of them.
docs_copy="$work/docs"
cp -r "$docs" "$docs_copy"
gen "$old" "$work/old" graph-old
gen "$new" "$work/new" graph-new
gen "$new" "$work/include" graph-include \
    --include 'users/**' --include 'me/messages/**' --include 'me/sendMail'
sides="old new include"
if [ -n "$base" ]; then
    gen "$base" "$work/base" graph-base
    sides="$sides base"
fi
for side in $sides; do
    echo "$side: $(find "$work/$side/src" -name '*.rs' -exec cat {} + | wc -c) bytes in src," \
        "largest file $(find "$work/$side/src" -name '*.rs' -printf '%s\n' | sort -n | tail -1) bytes"
done

# Dependencies first, with an empty library in place of the generated one.
for side in $sides; do
    mv "$work/$side/src" "$work/$side/src.real"
    mkdir "$work/$side/src" && touch "$work/$side/src/lib.rs"
    (cd "$work/$side" && cargo build --quiet --offline --features "$(case $side in new | base) echo full ;; esac)" 2>/dev/null) || true
    rm -rf "$work/$side/src" && mv "$work/$side/src.real" "$work/$side/src"
    # Newer than the empty library's build, or cargo would call the crate fresh.
    find "$work/$side/src" -name '*.rs' -exec touch {} +
done

timed() { # timed LABEL DIR CARGO-ARGS…
    local label=$1 dir=$2
    shift 2
    local start end
    start=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$work/mem" bash -c "cd '$dir' && cargo $* --quiet --offline"
    end=$(date +%s.%N)
    printf '%-8s cargo %-38s %7.1f s, peak %5d MB\n' "$label" "$*" "$(echo "$end - $start" | bc)" \
        "$(( $(cat "$work/mem") / 1024 ))"
}

timed old "$work/old" build
if [ -n "$base" ]; then
    timed base "$work/base" build --features full
fi
timed full "$work/new" build --features full
timed mail "$work/new" build --features users,outlook
timed include "$work/include" build

# A mail-and-users program on the generated crate.
mkdir -p "$work/program/src"
cat > "$work/program/Cargo.toml" <<EOF
[package]
name = "mail-program"
version = "0.1.0"
edition = "2024"

[dependencies]
graph-new = { path = "../new", default-features = false, features = ["users", "outlook"] }
http = "1"
serde_json = "1"

[workspace]
EOF
cp "$lock" "$work/program/Cargo.lock"
cat > "$work/program/src/main.rs" <<'EOF'
//! Seven calls of a mail-and-users program: requests built, nothing sent.
use graph_new::client::{Client, prelude::*};
use graph_new::v1_0::{self, ops};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::new().bearer_token("token");
    let user = || "someone@contoso.com".to_string();
    let message = v1_0::Message {
        subject: "Lunch?".to_string().into(),
        ..Default::default()
    };
    // `AnyMessage::from` is the accessor of the property `from`: `From` by its trait.
    let from_message = <v1_0::AnyMessage as From<v1_0::Message>>::from;
    let sent = [
        client.request(&ops::UserList::new().top(5))?,
        client.request(&ops::UserGet::new(ops::UserGetPath::Users { user_id: user() }))?,
        client.request(&ops::UserListMessages::new(ops::UserListMessagesPath::Me).top(10))?,
        client.request(&ops::MessageGet::new(ops::MessageGetPath::MeMessages {
            message_id: "AAMk".to_string(),
        }))?,
        client.request(&ops::UserListMailFolders::new(ops::UserListMailFoldersPath::Me))?,
        client.request(&ops::UserListMessages::new(ops::UserListMessagesPath::Users {
            user_id: user(),
        }))?,
        client.request(&ops::UserSendMail::new(
            ops::UserSendMailPath::Me,
            v1_0::UserSendMailParameters {
                message: from_message(message).into(),
                ..Default::default()
            },
        ))?,
    ];
    for request in &sent {
        println!("{} {}", request.method(), request.uri());
    }
    Ok(())
}
EOF
timed program "$work/program" build

# One doc line changed (a description of the sendMail page), regenerated, rebuilt; with
# incremental compilation, the dev profile's default for a path dependency.
export CARGO_INCREMENTAL=1
(cd "$work/program" && cargo build --quiet --offline)
page="$docs_copy/api/user-sendmail.md"
[ -f "$page" ] || { echo "error: no api/user-sendmail.md in $docs" >&2; exit 1; }
# The sentence is the page's description (front matter) and its first paragraph: both change.
sed -i 's/Send the message specified/Sends the message specified/' "$page"
before=$(find "$work/new/src" -name '*.rs' -exec cat {} + | md5sum)
start=$(date +%s.%N)
gen "$new" "$work/new" graph-new
end=$(date +%s.%N)
if [ "$(find "$work/new/src" -name '*.rs' -exec cat {} + | md5sum)" = "$before" ]; then
    echo "error: the changed doc line did not change the generated crate" >&2
    exit 1
fi
printf '%-8s graphdoc generate (one doc line changed)      %7.1f s\n' relink "$(echo "$end - $start" | bc)"
timed relink "$work/program" build
