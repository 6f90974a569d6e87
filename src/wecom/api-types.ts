/**
 * Typed shapes of the WeCom server API (protocol notes §4, §5, §6). Field names follow the wire
 * format (snake_case) so a card built elsewhere serialises without a mapping layer.
 */

// ---------- template_card (§4.3) ----------

export type CardType =
  | 'text_notice'
  | 'news_notice'
  | 'button_interaction'
  | 'vote_interaction'
  | 'multiple_interaction';

export interface CardSource {
  icon_url?: string;
  desc?: string;
  /** 0 grey, 1 black, 2 red, 3 green. */
  desc_color?: 0 | 1 | 2 | 3;
}

export interface CardMainTitle {
  title?: string;
  desc?: string;
}

export interface CardEmphasisContent {
  title?: string;
  desc?: string;
}

/** type 0 none, 1 url, 2 mini program. */
export interface CardQuoteArea {
  type?: 0 | 1 | 2;
  url?: string;
  appid?: string;
  pagepath?: string;
  title?: string;
  quote_text?: string;
}

/** type 0 text, 1 url, 2 attachment (media_id), 3 member detail (userid). */
export interface CardHorizontalContent {
  type?: 0 | 1 | 2 | 3;
  keyname: string;
  value?: string;
  url?: string;
  media_id?: string;
  userid?: string;
}

export interface CardJump {
  type?: 0 | 1 | 2;
  title: string;
  url?: string;
  appid?: string;
  pagepath?: string;
}

export type CardAction = { type: 1; url: string } | { type: 2; appid: string; pagepath?: string };

export interface CardActionMenu {
  desc?: string;
  action_list: Array<{ text: string; key: string }>;
}

/** style numbers (1 emphasis … 4 negative) are unconfirmed (§10.8); type 0 callback, 1 url. */
export interface CardButton {
  text: string;
  style?: 1 | 2 | 3 | 4;
  key?: string;
  type?: 0 | 1;
  url?: string;
}

export interface CardOption {
  id: string;
  text: string;
}

export interface CardButtonSelection {
  question_key: string;
  title?: string;
  option_list: CardOption[];
  selected_id?: string;
  disable?: boolean;
}

export interface CardCheckbox {
  question_key: string;
  /** 0 single choice, 1 multiple choice. */
  mode?: 0 | 1;
  option_list: Array<CardOption & { is_checked?: boolean }>;
  disable?: boolean;
}

export interface CardSelect {
  question_key: string;
  title?: string;
  selected_id?: string;
  option_list: CardOption[];
  disable?: boolean;
}

export interface CardSubmitButton {
  text?: string;
  key: string;
}

export interface CardImage {
  url: string;
  aspect_ratio?: number;
}

export interface CardImageTextArea {
  type?: 0 | 1 | 2;
  url?: string;
  appid?: string;
  pagepath?: string;
  title?: string;
  desc?: string;
  image_url: string;
}

interface CardCommon {
  task_id?: string;
  source?: CardSource;
  main_title?: CardMainTitle;
  action_menu?: CardActionMenu;
  /** Only in update_template_card: shows a grey, unclickable button with this text. */
  replace_text?: string;
}

export interface TextNoticeCard extends CardCommon {
  card_type: 'text_notice';
  card_action: CardAction;
  emphasis_content?: CardEmphasisContent;
  quote_area?: CardQuoteArea;
  sub_title_text?: string;
  horizontal_content_list?: CardHorizontalContent[];
  jump_list?: CardJump[];
}

export interface NewsNoticeCard extends CardCommon {
  card_type: 'news_notice';
  card_action: CardAction;
  card_image?: CardImage;
  image_text_area?: CardImageTextArea;
  quote_area?: CardQuoteArea;
  vertical_content_list?: Array<{ title: string; desc?: string }>;
  horizontal_content_list?: CardHorizontalContent[];
  jump_list?: CardJump[];
}

export interface ButtonInteractionCard extends CardCommon {
  card_type: 'button_interaction';
  task_id: string;
  button_list: CardButton[];
  button_selection?: CardButtonSelection;
  quote_area?: CardQuoteArea;
  sub_title_text?: string;
  horizontal_content_list?: CardHorizontalContent[];
  card_action?: CardAction;
}

export interface VoteInteractionCard extends CardCommon {
  card_type: 'vote_interaction';
  task_id: string;
  checkbox: CardCheckbox;
  submit_button: CardSubmitButton;
}

export interface MultipleInteractionCard extends CardCommon {
  card_type: 'multiple_interaction';
  task_id: string;
  select_list: CardSelect[];
  submit_button: CardSubmitButton;
}

export type TemplateCard =
  | TextNoticeCard
  | NewsNoticeCard
  | ButtonInteractionCard
  | VoteInteractionCard
  | MultipleInteractionCard;

// ---------- message/send (§4.2) ----------

export interface MessageRecipients {
  touser: string[];
  toparty?: string[];
  totag?: string[];
  enable_duplicate_check?: 0 | 1;
  /** Seconds; default 1800, at most 4 h. */
  duplicate_check_interval?: number;
}

export type MessageBody =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'template_card'; template_card: TemplateCard }
  | { msgtype: 'file'; file: { media_id: string } }
  | { msgtype: 'image'; image: { media_id: string } };

export type OutboundMessage = MessageRecipients & MessageBody;

export interface SendResult {
  msgId?: string;
  /** Present for interactive cards (and notice cards with action_menu); 72 h, single use. */
  responseCode?: string;
  invalidUsers: string[];
}

export type UpdateTemplateCardInput = {
  userids: string[];
  responseCode: string;
} & ({ templateCard: TemplateCard; button?: never } | { button: { replaceName: string }; templateCard?: never });

// ---------- media (§4.5) ----------

export type MediaType = 'image' | 'file' | 'voice' | 'video';

export interface UploadedMedia {
  mediaId: string;
  createdAt: Date;
}

export interface DownloadedMedia {
  data: Buffer;
  contentType: string;
  filename?: string;
}

// ---------- contacts (§5) and OAuth (§6) ----------

export interface WeComDepartment {
  id: number;
  name: string;
  name_en?: string;
  department_leader?: string[];
  /** The root department has parentid 0 and id 1. */
  parentid: number;
  order?: number;
}

/** 1 active, 2 disabled, 4 not activated, 5 left the company. */
export type WeComUserStatus = 1 | 2 | 4 | 5;

export interface WeComUser {
  userid: string;
  name: string;
  department: number[];
  order?: number[];
  position: string;
  /** 0/1, aligned with department. */
  is_leader_in_dept: number[];
  direct_leader: string[];
  main_department: number;
  status: WeComUserStatus;
  alias?: string;
}

export interface UserIdentity {
  userId?: string;
  openId?: string;
}

// ---------- wire responses ----------

export interface ApiResponse {
  errcode: number;
  errmsg: string;
}

export interface GetTokenResponse extends ApiResponse {
  access_token?: string;
  expires_in?: number;
}

export interface SendMessageResponse extends ApiResponse {
  invaliduser?: string | string[];
  invalidparty?: string;
  invalidtag?: string;
  unlicenseduser?: string;
  msgid?: string;
  response_code?: string;
}

export interface UpdateTemplateCardResponse extends ApiResponse {
  invaliduser?: string | string[];
}

export interface UploadMediaResponse extends ApiResponse {
  type?: string;
  media_id?: string;
  created_at?: string;
}

export interface DepartmentListResponse extends ApiResponse {
  department?: WeComDepartment[];
}

export interface UserListResponse extends ApiResponse {
  userlist?: WeComUser[];
}

export interface GetUserInfoResponse extends ApiResponse {
  userid?: string;
  openid?: string;
  user_ticket?: string;
  external_userid?: string;
}
