/**
 * Typed shapes of the WeCom server API (protocol notes §4, §5, §6). Field names follow the wire
 * format (snake_case) so a card built elsewhere serialises without a mapping layer.
 */

import type { TemplateCard } from './card-types';

export type * from './card-types';

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
