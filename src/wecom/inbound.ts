/**
 * Typed inbound callbacks (the decrypted plaintext of a self-built app's callback). Produced by
 * parseInbound in ./envelope; nothing outside src/wecom sees the XML they came from.
 */

/** Fields every callback carries. */
export interface InboundBase {
  /** ToUserName: the CorpID. */
  toUser: string;
  /** FromUserName: the member's UserID; `sys` for contact changes. */
  fromUser: string;
  /** CreateTime, in seconds since the epoch. */
  createTime: number;
  /** AgentID, present on app callbacks. */
  agentId?: number;
}

interface MessageBase extends InboundBase {
  /** MsgId: a 64-bit integer, kept as a string because it exceeds 2^53. */
  msgId: string;
}

export interface TextMessage extends MessageBase {
  kind: 'text';
  content: string;
}

export interface ImageMessage extends MessageBase {
  kind: 'image';
  picUrl: string;
  mediaId: string;
}

export interface VoiceMessage extends MessageBase {
  kind: 'voice';
  mediaId: string;
  /** amr or speex. */
  format?: string;
}

export interface VideoMessage extends MessageBase {
  kind: 'video';
  mediaId: string;
  thumbMediaId?: string;
}

/** Not documented for apps, but accepted if it ever arrives. */
export interface FileMessage extends MessageBase {
  kind: 'file';
  mediaId: string;
}

export interface LocationMessage extends MessageBase {
  kind: 'location';
  /** Location_X. */
  latitude: number;
  /** Location_Y. */
  longitude: number;
  scale?: number;
  label?: string;
}

export interface LinkMessage extends MessageBase {
  kind: 'link';
  title: string;
  description?: string;
  url: string;
  picUrl?: string;
}

/** A MsgType we do not model; kept so the callback can still be acknowledged and logged. */
export interface UnknownMessage extends InboundBase {
  kind: 'unknown';
  msgType: string;
  msgId?: string;
}

interface EventBase extends InboundBase {
  kind: 'event';
}

/** One answered question of a vote or multiple-choice card; optionIds is never a bare string. */
export interface SelectedItem {
  questionKey: string;
  optionIds: string[];
}

/** A tap on a template card button (template_card_event) or on its action menu. */
export interface TemplateCardEvent extends EventBase {
  event: 'template_card_event' | 'template_card_menu_event';
  /** The tapped button's key (the submit_button key for vote and multiple cards); '' if absent. */
  eventKey: string;
  /** The task_id given when the card was sent; '' if absent. */
  taskId: string;
  /** text_notice, news_notice, button_interaction, vote_interaction, multiple_interaction. */
  cardType: string;
  /** Single use, for update_template_card; absent when WeCom sends none. */
  responseCode?: string;
  selectedItems: SelectedItem[];
}

/** The member opened the app. */
export interface EnterAgentEvent extends EventBase {
  event: 'enter_agent';
  eventKey: string;
}

/** A tap on the app's custom menu; for `view` the key is the URL. */
export interface MenuEvent extends EventBase {
  event: 'click' | 'view';
  eventKey: string;
}

export type UserChangeType = 'create_user' | 'update_user' | 'delete_user';
export type PartyChangeType = 'create_party' | 'update_party' | 'delete_party';
export type ContactChangeType = UserChangeType | PartyChangeType | 'update_tag';

/** A member as described by a change_contact event; only UserID is always present. */
export interface ContactUser {
  userId: string;
  /** Only when the UserID itself changed. */
  newUserId?: string;
  name?: string;
  /** Department, comma-separated on the wire. */
  departments?: number[];
  mainDepartment?: number;
  /** IsLeaderInDept: 0/1 per entry of departments, comma-separated on the wire. */
  isLeaderInDept?: number[];
  /** DirectLeader: UserIDs, comma-separated on the wire. */
  directLeader?: string[];
  position?: string;
  /** 1 active, 2 disabled, 4 not yet activated, 5 left. */
  status?: number;
}

export interface ContactParty {
  id: number;
  name?: string;
  parentId?: number;
  order?: number;
}

export interface ContactTag {
  tagId: number;
  addUserItems?: string[];
  delUserItems?: string[];
  addPartyItems?: number[];
  delPartyItems?: number[];
}

interface ChangeContactBase extends EventBase {
  event: 'change_contact';
}

export interface UserChangeEvent extends ChangeContactBase {
  changeType: UserChangeType;
  user: ContactUser;
}

export interface PartyChangeEvent extends ChangeContactBase {
  changeType: PartyChangeType;
  party: ContactParty;
}

export interface TagChangeEvent extends ChangeContactBase {
  changeType: 'update_tag';
  tag: ContactTag;
}

export type ChangeContactEvent = UserChangeEvent | PartyChangeEvent | TagChangeEvent;

/**
 * Any event we do not model (including change_contact with an unknown ChangeType). `event` is the
 * literal 'other' rather than the raw name so that `switch (msg.event)` narrows the known events;
 * the raw Event value is in eventName.
 */
export interface OtherEvent extends EventBase {
  event: 'other';
  eventName: string;
  eventKey?: string;
}

export type InboundEvent = TemplateCardEvent | EnterAgentEvent | MenuEvent | ChangeContactEvent | OtherEvent;

export type InboundMessage =
  | TextMessage
  | ImageMessage
  | VoiceMessage
  | VideoMessage
  | FileMessage
  | LocationMessage
  | LinkMessage
  | UnknownMessage
  | InboundEvent;

/** The outer POST body: the Encrypt text is what the signature covers. */
export interface Envelope {
  /** The CorpID (the suiteid for third-party callbacks). */
  toUserName: string;
  /** A string in the envelope, unlike the integer inside the plaintext; absent on some callbacks. */
  agentId?: string;
  encrypt: string;
}

/** The encrypted passive-reply body (all four elements are required by WeCom). */
export interface EncryptedReply {
  encrypt: string;
  signature: string;
  timestamp: string;
  nonce: string;
}
