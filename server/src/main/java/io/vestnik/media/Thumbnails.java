package io.vestnik.media;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Small PNG previews of PNG, JPEG and GIF images (javax.imageio), made so that no image can take
 * the node's heap: the dimensions are read from the header first and an image over
 * {@link #MAX_SIDE} pixels a side is refused undecoded; the decoder then reads every n-th pixel
 * of every n-th row (source subsampling), so the decoded raster is at most about twice
 * {@link #SIZE} a side, whatever the image's size. Blocking; thread-safe.
 */
public final class Thumbnails {
    /** The longest side of a thumbnail, in pixels. */
    public static final int SIZE = 320;
    /** Larger images are not decoded at all (a decompression bomb declares huge dimensions). */
    static final int MAX_SIDE = 20_000;

    private Thumbnails() {}

    /** Whether images of this stored media type get thumbnails. */
    public static boolean supports(String mediaType) {
        return mediaType.equals("image/png") || mediaType.equals("image/jpeg") || mediaType.equals("image/gif");
    }

    /** The thumbnail as PNG bytes; empty when the image cannot be decoded or is too large. */
    public static Optional<byte[]> of(InputStream image) throws IOException {
        try (ImageInputStream input = ImageIO.createImageInputStream(image)) {
            Iterator<ImageReader> readers = input == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(input);
            if (!readers.hasNext()) return Optional.empty();
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                return decode(reader).map(Thumbnails::scaled).map(Thumbnails::png);
            } catch (IOException | RuntimeException e) {
                return Optional.empty(); // a truncated or malformed image has no thumbnail
            } finally {
                reader.dispose();
            }
        }
    }

    private static Optional<BufferedImage> decode(ImageReader reader) throws IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE) return Optional.empty();
        int step = Math.max(1, Math.max(width, height) / (2 * SIZE));
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        return Optional.of(reader.read(0, param));
    }

    private static BufferedImage scaled(BufferedImage image) {
        double factor = Math.min(1.0, (double) SIZE / Math.max(image.getWidth(), image.getHeight()));
        int width = Math.max(1, (int) Math.round(image.getWidth() * factor));
        int height = Math.max(1, (int) Math.round(image.getHeight() * factor));
        BufferedImage thumbnail = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = thumbnail.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return thumbnail;
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
