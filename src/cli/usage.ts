// The usage text of every command, kept apart from the commands themselves so that `--help`
// starts without loading the engine (see main.ts: commands are imported when run).

export const ANALYZE_USAGE = `  operando analyze MOVIE|FOLDER [--log LOG] [--out results.csv] [--workers N] [--frames START:END] [--quiet]
                   [--object X,Y | --particles] [--particles-out FILE] [--session S.operando] [--session-out S.operando]

  Segments the cluster in every frame of MOVIE with default parameters and writes one row per
  frame (frame,time_s,area_px,area_nm2,...; bias_V and current_A when --log is given).
  Without --out the table goes to standard output. Progress (frames/s, ETA) goes to standard error.
  --workers N          worker threads (default: one per core; 0 runs on the main thread)
  --frames START:END   one shard: frames START to END-1, numbered from 0 as in the table's frame
                       column (END is exclusive; "START:" runs to the end). The part starts with
                       "#" lines (movie fingerprint, parameters, range) that "operando merge" checks.
  --quiet              no progress and no description of the movie (warnings and errors still show)
  --object X,Y         measure the object under this point of the first frame (frame pixels, x right,
                       y down), followed through the movie by the drift; default: the largest region
                       touching the needle, else the largest
  --particles          measure every separate particle or cluster: area_px is their total and a
                       particle_count column is added
  --particles-out FILE also write one row per particle per frame, tracked across frames
                       (frame,track,area_px,...,equivalent_diameter_px,centroid_x_px,centroid_y_px)
  --session S          run with the parameters, object, outline edits, review and time alignment of a
                       session file saved by the workbench (MOVIE must be the session's movie, by content)
  --session-out S      also write the run as a session file the workbench opens (see operando link)`;

export const LINK_USAGE = `  operando link SESSION.operando [--base URL]

  Prints the reviewer link of a session: the results, parameters and (when they fit in 16 KB)
  the outlines, compressed into the part after "#", which browsers never send to a server.
  --base URL   where the workbench is served (default: http://127.0.0.1:5173/, a local npm start)`;

export const MERGE_USAGE = `  operando merge PART.csv... --out results.csv

  Joins the parts written by "analyze --frames" into the table one run over the whole movie
  writes (identical rows). Refuses, saying why, parts that leave a gap, overlap, or differ in
  movie fingerprint, log, frame count or segmentation parameters.`;

export const BATCH_USAGE = `  operando batch DIR|LIST.csv --out DIR [--jobs N] [--quiet]

  Analyses every movie in DIR (with the log of the same name, e.g. run1.tif + run1.csv, when
  there is one) or every row of LIST.csv (columns movie,log; paths relative to the list), into
  OUT/<movie name>.csv, plus OUT/summary.csv (movie,frames,seconds,flagged,status,error). A movie
  that can't be read is reported there and the batch goes on.
  --jobs N   movies analysed at once (default 1; the worker threads are shared between them)`;

export const SLURM_USAGE = `  operando slurm MOVIE... --shards K --out DIR [--partition P] [--time T] [--submit]

  Writes DIR/operando-shards.sbatch (a job array: one "analyze --frames" shard per task) and
  DIR/operando-merge.sbatch (one "merge" per movie, run after the array with
  --dependency=afterok). With --submit, submits both with sbatch and prints the job ids;
  results go to DIR/<movie name>.csv.
  --partition P, --time T   passed to sbatch (#SBATCH --partition, --time)`;

export const FIGURES_USAGE = `  operando figures MOVIE --log LOG --out DIR [--frame N]

  Analyses MOVIE, writes results.csv, log.csv and cycles.csv into DIR at full precision, and
  s4, s5, s6 and s7 as .svg and .png (300 dpi), drawn by the workbench in headless Chromium
  (/usr/bin/chromium, or CHROMIUM_PATH).
  --frame N   the frame (numbered from 0, as the CSV's frame column) whose outline S6 draws in yellow
              (default: the last one)`;

export const ALIGN_USAGE = `  operando align MOVIE|FOLDER --log LOG [--workers N]

  Analyses MOVIE and proposes the log's clock offset (log time = movie time + offset) from the
  current following the rate of area change. Prints "offset_s=<s> uncertainty_s=<s>" (one σ)
  and the evidence; or "no reliable proposal" and why (exit code 3) when the data can't place
  the log to within one frame interval.`;

export const EXIT_CODES_USAGE = `Exit codes: 0 done; 1 an input file is missing, damaged or unsupported; 2 wrong command line;
  3 (align) no reliable proposal; 4 (batch) at least one movie failed (see summary.csv);
  70 internal error (a bug: please report it); 130 interrupted (Ctrl-C).`;

export const USAGE = `Usage:
${ANALYZE_USAGE}

${MERGE_USAGE}

${BATCH_USAGE}

${SLURM_USAGE}

${FIGURES_USAGE}

${ALIGN_USAGE}

${LINK_USAGE}

${EXIT_CODES_USAGE}`;
