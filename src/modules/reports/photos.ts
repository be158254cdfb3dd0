import sharp from 'sharp';
import { AppError } from '../../platform/errors.js';

export const MAX_PHOTOS = 3;
/** Per photo, as sent (a phone's full-size JPEG is 3–6 MB). */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

export interface CleanPhoto {
  content: Buffer;
  width: number;
  height: number;
}

/**
 * Decodes a photo and encodes it anew as a JPEG of at most 2000 px: what is stored holds pixels only —
 * no EXIF, no GPS position, no camera serial (sharp drops metadata unless asked to keep it). The
 * orientation is applied first so that the picture stays upright without its tag. Anything that is not
 * a decodable image is refused (415); so is a decompression bomb (over 40 megapixels).
 */
export async function cleanPhoto(input: Buffer, index: number): Promise<CleanPhoto> {
  if (input.length > MAX_PHOTO_BYTES)
    throw new AppError('payload_too_large', `photo ${index + 1} is larger than ${MAX_PHOTO_BYTES / 1024 / 1024} MB`, [
      { field: 'photos', message: 'a photo is larger than 10 MB', fr: 'une photo dépasse 10 Mo' },
    ]);
  try {
    const { data, info } = await sharp(input, { failOn: 'error', limitInputPixels: 40_000_000 })
      .rotate()
      .resize({ width: 2000, height: 2000, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80, mozjpeg: false })
      .toBuffer({ resolveWithObject: true });
    return { content: data, width: info.width, height: info.height };
  } catch {
    throw new AppError('unsupported_media_type', `photo ${index + 1} is not an image (JPEG, PNG, WebP, GIF or TIFF)`, [
      {
        field: 'photos',
        message: 'a file is not an image (JPEG, PNG, WebP, GIF or TIFF)',
        fr: 'un fichier n’est pas une image (JPEG, PNG, WebP, GIF ou TIFF)',
      },
    ]);
  }
}

/** Cleans the photos of one report, refusing more than three. */
export async function cleanPhotos(inputs: Buffer[]): Promise<CleanPhoto[]> {
  const photos = inputs.filter((p) => p.length > 0);
  if (photos.length > MAX_PHOTOS)
    throw new AppError('invalid_input', `photos: at most ${MAX_PHOTOS}`, [
      { field: 'photos', message: `at most ${MAX_PHOTOS} photos`, fr: `${MAX_PHOTOS} photos au plus` },
    ]);
  const cleaned: CleanPhoto[] = [];
  for (const [i, photo] of photos.entries()) cleaned.push(await cleanPhoto(photo, i));
  return cleaned;
}
