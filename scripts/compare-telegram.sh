#!/usr/bin/env bash
# The Telegram speed comparison the project's targets are stated in: builds the jar, then runs
# the shared black-box harness (../shared/bench/telegram: a fake Bot API and simulated users who
# press the bot's buttons and type, in their own Node.js process) against the grammY peer and
# this bot in turns, and prints each run and the ratio. Usage:
#   scripts/compare-telegram.sh            # Java 17 (the default java)
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java scripts/compare-telegram.sh
# ROUNDS, CONCURRENCY, DURATION_S, WARMUP_USERS pass through to compare.sh. The per-chat pace is
# off: the harness's users answer within milliseconds.
set -euo pipefail
cd "$(dirname "$0")/.."
harness=${HARNESS:-../shared/bench/telegram}
[ -x "$harness/compare.sh" ] || { echo "no harness at $harness (set HARNESS)" >&2; exit 1; }
./mvnw -B -q package -DskipTests
jar=$(ls "$PWD"/target/career-concierge-*.jar | grep -v original | head -1)
exec "$harness/compare.sh" "${JAVA:-java} -XX:+UseParallelGC -jar $jar --concierge.telegram.chat-pace=0"
