/**
 * A typed message or event (./inbound) → callback plaintext XML, as WeCom lays it out. The inverse
 * of parseInbound in ./inbound-parse; used by the simulator and tests to fabricate callbacks.
 */
import type { ChangeContactEvent, InboundEvent, InboundMessage } from './inbound';
import { DIGITS, renderDocument, type XmlNode, type XmlValue } from './xml-writer';

/** MsgId travels unquoted when it is a number, as WeCom sends it. */
function msgIdValue(msgId: string): XmlValue {
  return DIGITS.test(msgId) ? { raw: msgId } : msgId;
}

const joinList = (items: readonly (string | number)[] | undefined) => items?.join(',');

/** The inverse of parseInbound: fabricates a callback plaintext (simulator, tests). */
export function buildInboundXml(msg: InboundMessage): string {
  const head: XmlNode[] = [
    ['ToUserName', msg.toUser],
    ['FromUserName', msg.fromUser],
    ['CreateTime', msg.createTime],
  ];
  const agent: XmlNode = ['AgentID', msg.agentId];
  if (msg.kind === 'event') return renderDocument([...head, ['MsgType', 'event'], ...eventNodes(msg, agent)]);
  if (msg.kind === 'unknown') {
    return renderDocument([...head, ['MsgType', msg.msgType], ['MsgId', msg.msgId && msgIdValue(msg.msgId)], agent]);
  }
  const tail: XmlNode[] = [['MsgId', msgIdValue(msg.msgId)], agent];
  const body: XmlNode[] = (() => {
    switch (msg.kind) {
      case 'text':
        return [['Content', msg.content]];
      case 'image':
        return [
          ['PicUrl', msg.picUrl],
          ['MediaId', msg.mediaId],
        ];
      case 'voice':
        return [
          ['MediaId', msg.mediaId],
          ['Format', msg.format],
        ];
      case 'video':
        return [
          ['MediaId', msg.mediaId],
          ['ThumbMediaId', msg.thumbMediaId],
        ];
      case 'file':
        return [['MediaId', msg.mediaId]];
      case 'location':
        return [
          ['Location_X', msg.latitude],
          ['Location_Y', msg.longitude],
          ['Scale', msg.scale],
          ['Label', msg.label],
        ];
      case 'link':
        return [
          ['Title', msg.title],
          ['Description', msg.description],
          ['Url', msg.url],
          ['PicUrl', msg.picUrl],
        ];
    }
  })();
  return renderDocument([...head, ['MsgType', msg.kind], ...body, ...tail]);
}

function eventNodes(msg: InboundEvent, agent: XmlNode): XmlNode[] {
  switch (msg.event) {
    case 'template_card_event':
    case 'template_card_menu_event': {
      const items: XmlNode[] = msg.selectedItems.map((item) => [
        'SelectedItem',
        [
          ['QuestionKey', item.questionKey],
          ['OptionIds', item.optionIds.map((id): XmlNode => ['OptionId', id])],
        ],
      ]);
      return [
        ['Event', msg.event],
        ['EventKey', msg.eventKey],
        ['TaskId', msg.taskId],
        ['CardType', msg.cardType],
        ['ResponseCode', msg.responseCode],
        agent,
        ['SelectedItems', items.length > 0 ? items : undefined],
      ];
    }
    case 'change_contact':
      return [['Event', msg.event], ['ChangeType', msg.changeType], ...changeContactNodes(msg), agent];
    case 'other':
      return [['Event', msg.eventName], ['EventKey', msg.eventKey], agent];
    default:
      return [['Event', msg.event], ['EventKey', msg.eventKey], agent];
  }
}

function changeContactNodes(msg: ChangeContactEvent): XmlNode[] {
  if ('user' in msg) {
    const { user } = msg;
    return [
      ['UserID', user.userId],
      ['NewUserID', user.newUserId],
      ['Name', user.name],
      ['Department', joinList(user.departments)],
      ['MainDepartment', user.mainDepartment],
      ['IsLeaderInDept', joinList(user.isLeaderInDept)],
      ['DirectLeader', joinList(user.directLeader)],
      ['Position', user.position],
      ['Status', user.status],
    ];
  }
  if ('party' in msg) {
    const { party } = msg;
    return [
      ['Id', party.id],
      ['Name', party.name],
      ['ParentId', party.parentId],
      ['Order', party.order],
    ];
  }
  const { tag } = msg;
  return [
    ['TagId', tag.tagId],
    ['AddUserItems', joinList(tag.addUserItems)],
    ['DelUserItems', joinList(tag.delUserItems)],
    ['AddPartyItems', joinList(tag.addPartyItems)],
    ['DelPartyItems', joinList(tag.delPartyItems)],
  ];
}
