"""Reference pipeline for `npm run bench` (bench/cli.ts): a typical Python + OpenCV cluster
segmentation, timed against `operando analyze` on the same TIFF. Per frame: Gaussian blur, Otsu
threshold (dark cluster), opening and closing, largest connected component; reading included.
Frames are read from the file and segmented on two threads (OpenCV releases the GIL).
Usage: python3 opencv_pipeline.py MOVIE.tif OUT.csv"""

import sys
from concurrent.futures import ThreadPoolExecutor

import cv2
import numpy as np
import tifffile

cv2.setNumThreads(1)  # the two threads below are the parallelism, as in the CLI's pool
KERNEL = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))


def segment(frame: np.ndarray) -> int:
    blurred = cv2.GaussianBlur(frame.astype(np.float32), (0, 0), 2.0)
    lo, hi = float(blurred.min()), float(blurred.max())
    eight = cv2.convertScaleAbs(blurred, alpha=255.0 / max(hi - lo, 1e-9), beta=-lo * 255.0 / max(hi - lo, 1e-9))
    _, mask = cv2.threshold(eight, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, KERNEL)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, KERNEL)
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return int(stats[1:, cv2.CC_STAT_AREA].max()) if count > 1 else 0


def main() -> None:
    movie, out = sys.argv[1], sys.argv[2]
    with tifffile.TiffFile(movie) as tif, ThreadPoolExecutor(max_workers=2) as pool:
        areas = list(pool.map(segment, (page.asarray() for page in tif.pages)))
    with open(out, "w") as f:
        f.write("frame,area_px\n")
        f.writelines(f"{i},{a}\n" for i, a in enumerate(areas))


if __name__ == "__main__":
    main()
