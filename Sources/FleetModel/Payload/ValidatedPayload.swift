/// A payload with rules beyond its JSON shape, checked by ``Payload/decode(_:from:sizeLimit:)``
/// right after decoding.
public protocol ValidatedPayload: Decodable {
    /// Throws the first rule the value breaks, with a detail naming the field.
    func validate() throws(PayloadError)
}
