import { describe, expect, it } from 'vitest';
import { decodeEuropassXml, isEuropassXmlRoot } from './europass-xml';

const enc = (s: string) => new TextEncoder().encode(s);

const CREDENTIAL = `<?xml version="1.0" encoding="UTF-8"?>
<europassCredential xmlns="http://data.europa.eu/snb" xmlns:cred="http://data.europa.eu/europass/model/credentials/w3c#" cred:id="urn:credential:42">
  <type uri="http://data.europa.eu/snb/credential/e34929035b">
    <targetName><text lang="en" content-type="text/plain">Generic</text></targetName>
  </type>
  <cred:validFrom>2022-03-01T00:00:00+01:00</cred:validFrom>
  <cred:issued>2022-02-02T14:15:15+01:00</cred:issued>
  <cred:validUntil>2030-01-01T00:00:00Z</cred:validUntil>
  <cred:issuer idref="urn:epass:org:1"/>
  <title>
    <text lang="fr" content-type="text/plain">Certificat de participation</text>
    <text lang="en" content-type="text/plain">  Certificate of Participation &amp; Merit </text>
  </title>
  <description><text lang="en" content-type="text/plain">attended the webinar</text></description>
  <credentialSubject id="urn:epass:person:1">
    <contactPoint><mailBox uri="mailto:wile@acme.example"/></contactPoint>
  </credentialSubject>
  <agentReferences>
    <organization id="urn:epass:org:1">
      <prefLabel><text lang="en" content-type="text/plain">Acme Corporation</text></prefLabel>
    </organization>
  </agentReferences>
  <proof></proof>
</europassCredential>`;

describe('Europass / EDCI XML credentials', () => {
  it('reads title (English), issuer (by idref), dates and recipient', () => {
    const { format, credential: c, notes } = decodeEuropassXml(enc(CREDENTIAL));
    expect(format).toBe('europass');
    expect(c.title).toBe('Certificate of Participation & Merit');
    expect(c.description).toBe('attended the webinar');
    expect(c.credentialId).toBe('urn:credential:42');
    expect(c.issuerName).toBe('Acme Corporation');
    expect(c.issuedOn).toBe('2022-02-02T13:15:15.000Z');
    expect(c.validFrom).toBe('2022-02-28T23:00:00.000Z');
    expect(c.validUntil).toBe('2030-01-01T00:00:00.000Z');
    expect(c.recipient).toBe('wile@acme.example');
    expect(c.achievement?.type).toBe('Generic');
    expect(notes).toEqual([]);
  });

  it('reads the credential inside a Europass presentation envelope, and says so', () => {
    const vp = `<vp:verifiablePresentation xmlns:vp="http://data.europa.eu/snb/vp" xmlns="http://data.europa.eu/snb">
      <vp:verifiableCredential>${CREDENTIAL.replace(/^<\?xml[^>]*>/, '')}</vp:verifiableCredential>
    </vp:verifiablePresentation>`;
    const { credential, notes } = decodeEuropassXml(enc(vp));
    expect(credential.title).toBe('Certificate of Participation & Merit');
    expect(notes[0]).toMatch(/presentation envelope/);
  });

  it('reads the older (v0.4) shape where text sits directly in a lang-tagged element', () => {
    const old = `<europassCredential xmlns="http://data.europa.eu/europass/model/credentials#" id="urn:example:1">
      <issuanceDate>2016-08-16T11:13:35</issuanceDate>
      <title lang="nl">Master Geologie</title><title lang="en">Master in Geology</title>
    </europassCredential>`;
    const { credential } = decodeEuropassXml(enc(old));
    expect(credential.title).toBe('Master in Geology');
    expect(credential.issuedOn).toBe('2016-08-16T11:13:35');
  });

  it('refuses any DOCTYPE: entity expansion and external entities never run', () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<europassCredential><title>&lol2;</title></europassCredential>`;
    expect(() => decodeEuropassXml(enc(laughs))).toThrow(
      expect.objectContaining({ code: 'unsafe-content' }),
    );
    const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><europassCredential><title>&xxe;</title></europassCredential>`;
    expect(() => decodeEuropassXml(enc(xxe))).toThrow(
      expect.objectContaining({ code: 'unsafe-content' }),
    );
  });

  it('never reads a credential from inside an XML Signature (unsigned room a wrapping attack uses)', () => {
    const fake = `<europassCredential cred:id="urn:credential:fake"><title><text lang="en">Doctorate in Everything</text></title></europassCredential>`;
    const vp = `<vp:verifiablePresentation xmlns:vp="http://data.europa.eu/snb/vp" xmlns="http://data.europa.eu/snb" xmlns:cred="http://data.europa.eu/europass/model/credentials/w3c#">
      <vp:proof><sig:Signature xmlns:sig="http://www.w3.org/2000/09/xmldsig#"><sig:Object>${fake}</sig:Object></sig:Signature></vp:proof>
      <vp:verifiableCredential>${CREDENTIAL.replace(/^<\?xml[^>]*>/, '')}</vp:verifiableCredential>
    </vp:verifiablePresentation>`;
    expect(decodeEuropassXml(enc(vp)).credential.title).toBe(
      'Certificate of Participation & Merit',
    );
    // A title only inside the signature is no title at all; an element merely named Signature in
    // another namespace is ordinary content.
    const hidden = `<europassCredential xmlns="http://data.europa.eu/snb"><Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><title><text lang="en">Hidden</text></title></Signature></europassCredential>`;
    expect(decodeEuropassXml(enc(hidden)).credential.title).toBe('European Digital Credential');
    const ordinary = `<europassCredential xmlns="http://data.europa.eu/snb"><Signature><x/></Signature><title><text lang="en">Shown</text></title></europassCredential>`;
    expect(decodeEuropassXml(enc(ordinary)).credential.title).toBe('Shown');
  });

  it('refuses broken XML, other XML and non-UTF-8 with clear codes', () => {
    expect(() =>
      decodeEuropassXml(enc('<europassCredential><title>x</europassCredential>')),
    ).toThrow(expect.objectContaining({ code: 'malformed' }));
    expect(() => decodeEuropassXml(enc('<html><body>hi</body></html>'))).toThrow(
      expect.objectContaining({
        code: 'unsupported-format',
        message: expect.stringMatching(/not a European Digital Credential/),
      }),
    );
    expect(() =>
      decodeEuropassXml(new Uint8Array([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e])),
    ).toThrow(expect.objectContaining({ code: 'encoding' }));
  });

  it('stops at absurd nesting instead of exhausting memory', () => {
    const deep = `<europassCredential>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</europassCredential>`;
    expect(() => decodeEuropassXml(enc(deep))).toThrow(
      expect.objectContaining({ code: 'too-large' }),
    );
  });

  it('recognises Europass roots cheaply', () => {
    expect(isEuropassXmlRoot(CREDENTIAL)).toBe(true);
    expect(isEuropassXmlRoot('<vp:verifiablePresentation xmlns:vp="x">')).toBe(true);
    expect(isEuropassXmlRoot('<rss version="2.0">')).toBe(false);
  });
});
