import { create } from 'zustand';
import { forgetFile } from './files.ts';
import { useWorkbench } from './store.ts';

/**
 * A log belongs to one movie. When another movie is opened while a log is loaded (and no new log
 * comes with it), the user is asked whether that log goes with the new movie too, instead of
 * silently pairing a recording with another one's bias (a 5-frame movie with a 120 s log).
 * Until answered, the log stays, as before; the dataset summary shows the pairing throughout.
 */
export interface LogQuestion {
  movieName: string;
  logName: string;
  /** The log's file id when asked: a log replaced meanwhile is not removed by a late answer. */
  logFileId: string;
}

interface LogPairingState {
  question: LogQuestion | null;
  ask(question: LogQuestion): void;
  /** Keep: the log stays with the new movie. Remove: the movie is shown without a log. */
  answer(keep: boolean): void;
}

export const useLogPairing = create<LogPairingState>((set, get) => ({
  question: null,
  ask: (question) => set({ question }),
  answer: (keep) => {
    const { question } = get();
    set({ question: null });
    const log = useWorkbench.getState().log;
    if (keep || !question || !log || log.fileId !== question.logFileId) return;
    useWorkbench.getState().setLog(null);
    forgetFile(log.fileId);
  },
}));

/** After a movie opened: ask when it replaced another movie while a log, not dropped with it, is loaded. */
export function askAboutLog(replacedMovie: boolean, logCameWithIt: boolean): void {
  const { movie, log } = useWorkbench.getState();
  if (!replacedMovie || logCameWithIt || !movie || !log) return;
  useLogPairing.getState().ask({ movieName: movie.fileName, logName: log.fileName, logFileId: log.fileId });
}
