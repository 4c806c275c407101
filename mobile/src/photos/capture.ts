import { Capacitor } from '@capacitor/core';

/** On a phone the native camera; in a browser the file input (which opens the camera there). */
export function hasNativeCamera(): boolean {
  return Capacitor.isNativePlatform();
}

/** One photo from the native camera, or undefined when the citizen cancelled. */
export async function takeNativePhoto(): Promise<Blob | undefined> {
  const { Camera, CameraResultType, CameraSource } = await import('@capacitor/camera');
  try {
    const photo = await Camera.getPhoto({
      resultType: CameraResultType.Uri,
      source: CameraSource.Prompt,
      // The shrink step re-encodes anyway; a high quality here avoids compressing twice.
      quality: 90,
      // The plugin rotates the pixels and resets the EXIF orientation to 1, so the shrink
      // step's decode (which honours the tag) rotates nothing a second time. Not yet checked
      // on a real Android or iOS device; the browser path is tested in photo-shrink.test.ts.
      correctOrientation: true,
      saveToGallery: false,
    });
    if (!photo.webPath) return undefined;
    const response = await fetch(photo.webPath);
    return await response.blob();
  } catch (err) {
    if (err instanceof Error && /cancel/i.test(err.message)) return undefined;
    throw err;
  }
}
