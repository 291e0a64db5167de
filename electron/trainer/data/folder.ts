// Image-folder datasets, laid out as Keras' image_dataset_from_directory expects: one sub-folder
// per class (class names sorted, label = position), images anywhere below it. Hidden files and
// folders (.DS_Store, .git) are skipped; any other non-image file is an error naming it, so a stray
// file never silently shrinks a class.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadImageFiles, type LabelledFile } from './imageFiles.ts';
import { DatasetError, type Dataset, type LoadOptions } from './types.ts';

const IMAGE_EXT = /\.(jpe?g|png)$/i;
const OTHER_IMAGE_EXT = /\.(gif|bmp|webp|tiff?|heic)$/i;
const IGNORED = new Set(['Thumbs.db', 'desktop.ini']);

const hidden = (name: string): boolean => name.startsWith('.') || IGNORED.has(name);

async function listImages(dir: string): Promise<{ images: string[]; subfolders: number }> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const images: string[] = [];
  let subfolders = 0;
  for (const e of entries) {
    if (hidden(e.name)) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      subfolders++;
      images.push(...(await listImages(full)).images);
    } else if (IMAGE_EXT.test(e.name)) {
      images.push(full);
    } else if (OTHER_IMAGE_EXT.test(e.name)) {
      throw new DatasetError(`${full} is a ${path.extname(e.name).slice(1).toUpperCase()} image; Netwright reads JPEG and PNG. Convert it or move it out of the dataset folder.`, full);
    } else if (e.isFile()) {
      throw new DatasetError(`${full} is not an image (JPEG or PNG expected in class folders). Move it out of ${dir}.`, full);
    }
  }
  return { images, subfolders };
}

/** Class names and labelled files of a folder tree, without decoding anything. */
export async function indexFolder(root: string): Promise<{ classes: string[]; entries: LabelledFile[] }> {
  let info;
  try {
    info = await stat(root);
  } catch {
    throw new DatasetError(`Dataset folder ${root} does not exist. Check the path.`, root);
  }
  if (!info.isDirectory()) throw new DatasetError(`${root} is not a folder; give a folder with one sub-folder per class.`, root);
  const dirs = (await readdir(root, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && !hidden(e.name))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (dirs.length === 0) {
    throw new DatasetError(`${root} has no class sub-folders. Put the images of each class in its own sub-folder (e.g. ${path.join(root, 'cat')}, ${path.join(root, 'dog')}).`, root);
  }
  if (dirs.length === 1) {
    const only = path.join(root, dirs[0]!);
    throw new DatasetError(
      `${root} has a single class folder (${dirs[0]}); a classifier needs at least two. If ${only} holds the class folders, did you mean to choose ${only} as the dataset folder?`,
      only,
    );
  }
  const entries: LabelledFile[] = [];
  for (const [label, name] of dirs.entries()) {
    const dir = path.join(root, name);
    const { images, subfolders } = await listImages(dir);
    if (images.length === 0) {
      const hint = subfolders > 0 ? ` It only holds sub-folders: did you mean to choose ${dir} as the dataset folder?` : ' Add images to it or remove it.';
      throw new DatasetError(`Class folder ${dir} is empty: no JPEG or PNG images.${hint}`, dir);
    }
    for (const file of images) entries.push({ file, label });
  }
  return { classes: dirs, entries };
}

export async function loadFolder(root: string, options: LoadOptions = {}): Promise<Dataset> {
  const abs = path.resolve(root);
  const { classes, entries } = await indexFolder(abs);
  return loadImageFiles(entries, { name: path.basename(abs), source: abs, classes }, options);
}
