/** RFC 6266 `attachment` with filename* so Vietnamese names survive in every browser (plain ASCII fallback). */
export const attachment = (fileName: string) =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
