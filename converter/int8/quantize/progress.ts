// A progress bar on stderr: redrawn in place on a terminal, a few plain lines otherwise.
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  var lastPct = -1, lastWhat = '';
  return function (done: number, total: number, what: string) {
    var pct = total ? Math.floor((done / total) * 100) : 100;
    if (stream.isTTY) {
      var width = 30, fill = Math.round((pct / 100) * width);
      stream.write(`\r${what} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${done}/${total} samples`);
      if (done >= total) stream.write('\n');
    } else if (what !== lastWhat || pct >= lastPct + 25 || done >= total) {
      if (what !== lastWhat || pct !== lastPct) stream.write(`${what}: ${done}/${total} samples (${pct}%)\n`);
    }
    lastPct = pct; lastWhat = what;
  };
}
