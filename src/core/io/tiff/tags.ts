/** TIFF tag numbers and field types used by the reader and the writer. */

export const Tag = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  ImageDescription: 270,
  Make: 271,
  Model: 272,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  XResolution: 282,
  YResolution: 283,
  PlanarConfiguration: 284,
  ResolutionUnit: 296,
  Software: 305,
  DateTime: 306,
  Artist: 315,
  Predictor: 317,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  SampleFormat: 339,
  FeiSfeg: 34680,
  FeiHelios: 34682,
  Tvips: 37706,
  ImageJMetaCounts: 50838,
  ImageJMeta: 50839,
} as const;

/** Gatan DigitalMicrograph private tags (x, y, frame axes), as DM writes them into TIFF exports. */
export const DmTag = {
  unitX: 65003,
  unitY: 65004,
  unitZ: 65005,
  offsetX: 65006,
  offsetY: 65007,
  offsetZ: 65008,
  scaleX: 65009,
  scaleY: 65010,
  scaleZ: 65011,
} as const;

/** Byte size of one value of each TIFF field type (BigTIFF adds 16, 17, 18). */
export const TYPE_SIZE: Record<number, number> = {
  1: 1, // BYTE
  2: 1, // ASCII
  3: 2, // SHORT
  4: 4, // LONG
  5: 8, // RATIONAL
  6: 1, // SBYTE
  7: 1, // UNDEFINED
  8: 2, // SSHORT
  9: 4, // SLONG
  10: 8, // SRATIONAL
  11: 4, // FLOAT
  12: 8, // DOUBLE
  13: 4, // IFD
  16: 8, // LONG8
  17: 8, // SLONG8
  18: 8, // IFD8
};

export const Type = {
  BYTE: 1,
  ASCII: 2,
  SHORT: 3,
  LONG: 4,
  RATIONAL: 5,
  UNDEFINED: 7,
  DOUBLE: 12,
  LONG8: 16,
} as const;

/** Names shown in the metadata panel; unknown tags appear by number only. */
export const TAG_NAMES: Record<number, string> = {
  254: 'NewSubfileType',
  255: 'SubfileType',
  256: 'ImageWidth',
  257: 'ImageLength',
  258: 'BitsPerSample',
  259: 'Compression',
  262: 'PhotometricInterpretation',
  266: 'FillOrder',
  269: 'DocumentName',
  270: 'ImageDescription',
  271: 'Make',
  272: 'Model',
  273: 'StripOffsets',
  274: 'Orientation',
  277: 'SamplesPerPixel',
  278: 'RowsPerStrip',
  279: 'StripByteCounts',
  280: 'MinSampleValue',
  281: 'MaxSampleValue',
  282: 'XResolution',
  283: 'YResolution',
  284: 'PlanarConfiguration',
  285: 'PageName',
  296: 'ResolutionUnit',
  297: 'PageNumber',
  305: 'Software',
  306: 'DateTime',
  315: 'Artist',
  316: 'HostComputer',
  317: 'Predictor',
  320: 'ColorMap',
  322: 'TileWidth',
  323: 'TileLength',
  324: 'TileOffsets',
  325: 'TileByteCounts',
  330: 'SubIFDs',
  338: 'ExtraSamples',
  339: 'SampleFormat',
  340: 'SMinSampleValue',
  341: 'SMaxSampleValue',
  33432: 'Copyright',
  34665: 'ExifIFD',
  34680: 'FEI_SFEG',
  34682: 'FEI_HELIOS',
  37706: 'TVIPS',
  37708: 'TVIPS2',
  50838: 'IJMetadataByteCounts',
  50839: 'IJMetadata',
  65003: 'DM unit x',
  65004: 'DM unit y',
  65005: 'DM unit frame',
  65006: 'DM offset x',
  65007: 'DM offset y',
  65008: 'DM offset frame',
  65009: 'DM scale x',
  65010: 'DM scale y',
  65011: 'DM scale frame',
  65012: 'DM unit name x',
  65013: 'DM unit name y',
  65014: 'DM unit name frame',
};

export function tagLabel(tag: number): string {
  const name = TAG_NAMES[tag];
  return name ? `${name} (${tag})` : `Tag ${tag}`;
}

export const COMPRESSION_NAMES: Record<number, string> = {
  1: 'none',
  2: 'CCITT RLE',
  3: 'CCITT Group 3',
  4: 'CCITT Group 4',
  5: 'LZW',
  6: 'old-style JPEG',
  7: 'JPEG',
  8: 'Deflate',
  32773: 'PackBits',
  32946: 'Deflate',
  34712: 'JPEG 2000',
  34887: 'LERC',
  34925: 'LZMA',
  50000: 'Zstandard',
  50001: 'WebP',
};
