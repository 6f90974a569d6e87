/**
 * Plaintext callback XML as WeCom builds it (§3), before encryption: CDATA strings, bare integers,
 * lines joined with '\n' as in the official sample (§2 A2). Test and demo input only.
 */
import type { CardType } from '../wecom/api-types';

export interface InboundHeader {
  /** The CorpID. */
  toUserName: string;
  fromUserName: string;
  /** Seconds since the epoch. */
  createTime: number;
  agentId: number;
}

export interface SelectedItem {
  questionKey: string;
  optionIds: string[];
}

/** A literal "]]>" cannot live inside one CDATA section; split it across two. */
export function cdata(value: string): string {
  return `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

function wrap(h: InboundHeader, msgType: string, fields: string[]): string {
  return [
    `<xml><ToUserName>${cdata(h.toUserName)}</ToUserName>`,
    `<FromUserName>${cdata(h.fromUserName)}</FromUserName>`,
    `<CreateTime>${h.createTime}</CreateTime>`,
    `<MsgType>${cdata(msgType)}</MsgType>`,
    ...fields,
    `<AgentID>${h.agentId}</AgentID>`,
    '</xml>',
  ].join('\n');
}

/** MsgId is a 64-bit integer; it stays a string end to end. */
export function makeTextXml(h: InboundHeader, m: { content: string; msgId: string }): string {
  return wrap(h, 'text', [`<Content>${cdata(m.content)}</Content>`, `<MsgId>${m.msgId}</MsgId>`]);
}

export function makeImageXml(h: InboundHeader, m: { picUrl: string; mediaId: string; msgId: string }): string {
  return wrap(h, 'image', [
    `<PicUrl>${cdata(m.picUrl)}</PicUrl>`,
    `<MediaId>${cdata(m.mediaId)}</MediaId>`,
    `<MsgId>${m.msgId}</MsgId>`,
  ]);
}

export function makeFileXml(h: InboundHeader, m: { mediaId: string; msgId: string }): string {
  return wrap(h, 'file', [`<MediaId>${cdata(m.mediaId)}</MediaId>`, `<MsgId>${m.msgId}</MsgId>`]);
}

export function makeCardEventXml(
  h: InboundHeader,
  e: { eventKey: string; taskId: string; cardType: CardType; responseCode: string; selectedItems?: SelectedItem[] },
): string {
  const fields = [
    `<Event>${cdata('template_card_event')}</Event>`,
    `<EventKey>${cdata(e.eventKey)}</EventKey>`,
    `<TaskId>${cdata(e.taskId)}</TaskId>`,
    `<CardType>${cdata(e.cardType)}</CardType>`,
    `<ResponseCode>${cdata(e.responseCode)}</ResponseCode>`,
  ];
  if (e.selectedItems?.length) {
    const items = e.selectedItems.map(
      (item) =>
        `<SelectedItem><QuestionKey>${cdata(item.questionKey)}</QuestionKey><OptionIds>` +
        item.optionIds.map((id) => `<OptionId>${cdata(id)}</OptionId>`).join('') +
        '</OptionIds></SelectedItem>',
    );
    fields.push(`<SelectedItems>${items.join('')}</SelectedItems>`);
  }
  return wrap(h, 'event', fields);
}
