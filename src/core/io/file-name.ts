/** A file's name without its last extension ("run3.ome.tif" → "run3.ome"): what exports are named after. */
export const fileStem = (name: string): string => name.replace(/\.[^.]+$/, '');
