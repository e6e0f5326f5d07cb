/**
 * Offers a file the background built (an export, a parse report, saved
 * follows) as a download from the page, through a Blob URL: no `downloads`
 * permission is needed.
 */
import type { DownloadFile } from '../protocol';

/** Starts the download of `file` in `doc`'s window, then of each of its `moreParts`. */
export function downloadFile(file: DownloadFile, doc: Document = document): void {
  for (const part of [file, ...(file.moreParts ?? [])]) downloadOne(part, doc);
}

function downloadOne(file: DownloadFile, doc: Document): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.mimeType }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  doc.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next turn: the click has handed the URL to the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
