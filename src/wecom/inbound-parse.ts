/**
 * The decrypted callback plaintext → a typed message or event (./inbound). The inverse of
 * buildInboundXml in ./inbound-build.
 */
import { XmlError } from './errors';
import type {
  ChangeContactEvent,
  ContactUser,
  InboundBase,
  InboundEvent,
  InboundMessage,
  OtherEvent,
  SelectedItem,
} from './inbound';
import {
  child,
  compact,
  leafText,
  optFloat,
  optInt,
  optIntList,
  optList,
  optText,
  reqFloat,
  reqId,
  reqInt,
  reqText,
} from './xml-fields';
import { readDocument, type XmlElement } from './xml-reader';

/** The decrypted callback plaintext, as a typed message or event. */
export function parseInbound(xml: string): InboundMessage {
  const root = readDocument(xml);
  const base: InboundBase = compact({
    toUser: reqId(root, 'ToUserName'),
    fromUser: reqId(root, 'FromUserName'),
    createTime: reqInt(root, 'CreateTime'),
    agentId: optInt(root, 'AgentID'),
  });
  const msgType = reqId(root, 'MsgType');
  if (msgType === 'event') return parseEvent(root, base);
  const msgId = optMsgId(root);
  const message = () => {
    if (msgId === undefined) throw new XmlError(`missing <MsgId> in a ${msgType} message`);
    return { ...base, msgId };
  };
  switch (msgType) {
    case 'text':
      return { kind: 'text', ...message(), content: reqText(root, 'Content') };
    case 'image':
      return { kind: 'image', ...message(), picUrl: reqText(root, 'PicUrl'), mediaId: reqText(root, 'MediaId') };
    case 'voice':
      return compact({ kind: 'voice', ...message(), mediaId: reqText(root, 'MediaId'), format: optText(root, 'Format') });
    case 'video':
      return compact({
        kind: 'video',
        ...message(),
        mediaId: reqText(root, 'MediaId'),
        thumbMediaId: optText(root, 'ThumbMediaId'),
      });
    case 'file':
      return { kind: 'file', ...message(), mediaId: reqText(root, 'MediaId') };
    case 'location':
      return compact({
        kind: 'location',
        ...message(),
        latitude: reqFloat(root, 'Location_X'),
        longitude: reqFloat(root, 'Location_Y'),
        scale: optFloat(root, 'Scale'),
        label: optText(root, 'Label'),
      });
    case 'link':
      return compact({
        kind: 'link',
        ...message(),
        title: reqText(root, 'Title'),
        description: optText(root, 'Description'),
        url: reqText(root, 'Url'),
        picUrl: optText(root, 'PicUrl'),
      });
    default:
      return compact({ kind: 'unknown', ...base, msgType, msgId });
  }
}

/**
 * WeCom's MsgId is a 64-bit number. Anything else is refused here, at the edge, because the id
 * travels on into dedupe keys and evidence file names.
 */
function optMsgId(root: XmlElement): string | undefined {
  const text = optText(root, 'MsgId')?.trim();
  if (text === undefined || text === '') return undefined;
  if (!/^\d{1,20}$/.test(text)) throw new XmlError(`<MsgId> must be 1 to 20 digits, got ${JSON.stringify(text.slice(0, 40))}`);
  return text;
}

function parseEvent(root: XmlElement, base: InboundBase): InboundEvent {
  const event = reqId(root, 'Event');
  const eventKey = optText(root, 'EventKey');
  switch (event) {
    case 'template_card_event':
    case 'template_card_menu_event':
      return compact({
        kind: 'event',
        ...base,
        event,
        eventKey: eventKey ?? '',
        taskId: optText(root, 'TaskId') ?? '',
        cardType: optText(root, 'CardType') ?? '',
        responseCode: optText(root, 'ResponseCode'),
        selectedItems: parseSelectedItems(root),
      });
    case 'enter_agent':
    case 'click':
    case 'view':
      return { kind: 'event', ...base, event, eventKey: eventKey ?? '' };
    case 'change_contact':
      return parseChangeContact(root, base) ?? otherEvent(base, event, eventKey);
    default:
      return otherEvent(base, event, eventKey);
  }
}

function otherEvent(base: InboundBase, eventName: string, eventKey: string | undefined): OtherEvent {
  return compact({ kind: 'event', ...base, event: 'other', eventName, eventKey });
}

/** SelectedItems/SelectedItem/OptionIds/OptionId; always arrays, however many elements. */
function parseSelectedItems(root: XmlElement): SelectedItem[] {
  const container = child(root, 'SelectedItems');
  if (!container) return [];
  return container.children
    .filter((item) => item.name === 'SelectedItem')
    .map((item) => ({
      questionKey: reqText(item, 'QuestionKey'),
      optionIds: (child(item, 'OptionIds')?.children ?? [])
        .filter((option) => option.name === 'OptionId')
        .map(leafText),
    }));
}

/** Undefined for a ChangeType we do not model; the caller keeps it as an OtherEvent. */
function parseChangeContact(root: XmlElement, base: InboundBase): ChangeContactEvent | undefined {
  const head = { kind: 'event', ...base, event: 'change_contact' } as const;
  const changeType = optText(root, 'ChangeType')?.trim();
  switch (changeType) {
    case 'create_user':
    case 'update_user':
    case 'delete_user':
      return { ...head, changeType, user: parseContactUser(root) };
    case 'create_party':
    case 'update_party':
    case 'delete_party':
      return {
        ...head,
        changeType,
        party: compact({
          id: reqInt(root, 'Id'),
          name: optText(root, 'Name'),
          parentId: optInt(root, 'ParentId'),
          order: optInt(root, 'Order'),
        }),
      };
    case 'update_tag':
      return {
        ...head,
        changeType,
        tag: compact({
          tagId: reqInt(root, 'TagId'),
          addUserItems: optList(root, 'AddUserItems'),
          delUserItems: optList(root, 'DelUserItems'),
          addPartyItems: optIntList(root, 'AddPartyItems'),
          delPartyItems: optIntList(root, 'DelPartyItems'),
        }),
      };
    default:
      return undefined;
  }
}

function parseContactUser(root: XmlElement): ContactUser {
  return compact({
    userId: reqId(root, 'UserID'),
    newUserId: optText(root, 'NewUserID'),
    name: optText(root, 'Name'),
    departments: optIntList(root, 'Department'),
    mainDepartment: optInt(root, 'MainDepartment'),
    isLeaderInDept: optIntList(root, 'IsLeaderInDept'),
    directLeader: optList(root, 'DirectLeader'),
    position: optText(root, 'Position'),
    status: optInt(root, 'Status'),
  });
}
