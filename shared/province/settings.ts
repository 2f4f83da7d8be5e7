/**
 * A province's own settings for the documents it issues (its summary report to the
 * People's Committee and onward to the Ministry): signer, Nơi nhận, number prefix and
 * the province-tier form whose outline the summary follows. Part of the province's
 * configuration in the registry; validated there. Defaults print "chưa cấu hình"
 * visibly rather than a blank signer.
 */
import * as z from 'zod';

const line = (max: number) => z.string().trim().min(1).max(max);

export const ProvinceDocumentSettings = z.strictObject({
  /** "SỞ NỘI VỤ" and its parent line "UBND TỈNH ĐỒNG THÁP". */
  issuingAuthority: line(200),
  parentAuthority: line(200).optional(),
  /** "Đồng Tháp" in "Đồng Tháp, ngày ... tháng ... năm ...". */
  place: line(100),
  /** Symbol after the number: "BC-SNV". */
  symbol: line(60),
  recipients: z.array(line(200)).max(20).default([]),
  distribution: z.array(line(300)).max(50).default([]),
  signature: z.strictObject({
    lines: z
      .array(z.strictObject({ prefix: z.enum(['TM.', 'KT.', 'TL.', 'TUQ.', 'Q.']).optional(), text: line(200) }))
      .max(4)
      .default([]),
    title: line(200),
    name: line(200),
  }),
  /** The province-tier form whose outline the summary's headings follow, when configured. */
  form: z.strictObject({ id: z.string(), version: z.number().int().min(1) }).optional(),
});
export type ProvinceDocumentSettings = z.infer<typeof ProvinceDocumentSettings>;
