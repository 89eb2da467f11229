package io.moolah.payment.peach;

/**
 * A Peach server-to-server webhook as it travels: the HTTP body and the two headers that
 * {@link NotificationCipher#decrypt} needs, all upper-case hex as Peach sends them.
 *
 * @param hexBody the request body: AES-GCM ciphertext without the tag
 * @param hexIv   the {@value NotificationCipher#IV_HEADER} header: the 12-byte GCM nonce
 * @param hexTag  the {@value NotificationCipher#TAG_HEADER} header: the 16-byte GCM authentication tag
 */
public record EncryptedNotification(String hexBody, String hexIv, String hexTag) {
}
