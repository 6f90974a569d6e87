/**
 * The two outer bodies that carry an Encrypt payload, each read and written: the callback POST
 * envelope WeCom sends, and the encrypted passive reply the bot answers with (§1.7).
 */
import { ValidationError } from './errors';
import type { EncryptedReply, Envelope } from './inbound';
import { compact, optText, reqId } from './xml-fields';
import { readDocument } from './xml-reader';
import { DIGITS, renderDocument } from './xml-writer';

/** The outer POST body; the signature covers its Encrypt text. */
export function parseEnvelope(body: string): Envelope {
  const root = readDocument(body);
  const encrypt = reqId(root, 'Encrypt').trim();
  const agentId = optText(root, 'AgentID')?.trim();
  return compact({ toUserName: optText(root, 'ToUserName') ?? '', agentId: agentId || undefined, encrypt });
}

/** The outer POST body WeCom sends (simulator). */
export function buildEnvelopeXml(envelope: Envelope): string {
  return renderDocument(
    [
      ['ToUserName', envelope.toUserName],
      ['AgentID', envelope.agentId],
      ['Encrypt', envelope.encrypt],
    ],
    'compact',
  );
}

/** The passive-reply body (§1.7), as the simulator reads what the bot answered. */
export function parseEncryptedReplyXml(body: string): EncryptedReply {
  const root = readDocument(body);
  return {
    encrypt: reqId(root, 'Encrypt').trim(),
    signature: reqId(root, 'MsgSignature').trim(),
    timestamp: reqId(root, 'TimeStamp').trim(),
    nonce: reqId(root, 'Nonce'),
  };
}

/** The encrypted passive-reply body (§1.7); TimeStamp is written unquoted, so digits only. */
export function buildEncryptedReplyXml(reply: EncryptedReply): string {
  if (!DIGITS.test(reply.timestamp)) {
    throw new ValidationError('timestamp', 'the reply TimeStamp must be decimal digits');
  }
  return renderDocument(
    [
      ['Encrypt', reply.encrypt],
      ['MsgSignature', reply.signature],
      ['TimeStamp', { raw: reply.timestamp }],
      ['Nonce', reply.nonce],
    ],
    'compact',
  );
}
