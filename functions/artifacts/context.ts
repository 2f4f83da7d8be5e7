/** Composition root of the artifacts function: the ArtifactWriter with the report .docx renderer. */
import { reportDocRenderer } from '../../shared/documents/report-renderer.ts';
import { ArtifactWriter } from '../../shared/report/artifacts.ts';
import { blobStore, forms, perProcess, registry, reportStore } from '../lib/wiring.ts';

export interface ArtifactsContext {
  artifacts: ArtifactWriter;
}

export const artifactsContext = /* @__PURE__ */ perProcess(
  (): ArtifactsContext => ({ artifacts: new ArtifactWriter(reportStore(), blobStore(), reportDocRenderer, registry(), forms()) }),
);
