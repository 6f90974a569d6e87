/**
 * template_card JSON (protocol notes §4.3), wire format (snake_case), so a card built by a pure
 * builder in cards/ serialises without a mapping layer.
 */

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
