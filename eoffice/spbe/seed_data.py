"""Sample SPBE records: the national levels 1–2 the office's own processes hang under, and the
agency's level-3 records of its cuti, surat masuk, surat keluar and surat tugas processes.

Names of the national levels follow the reference architecture (Perpres 132/2022) as closely as
a demo can; everything here is marked as sample data (`sample = True`) and shown as such.
"""
from __future__ import annotations

EOFFICE_STACK = ["RAA.01.03.01", "RAI.01.01.01", "RAK.01.01.01"]

# (code, name, owner unit, status, attrs, links, description)
RECORDS = [
    # --- proses bisnis ---
    ("RAB.09", "Pemerintahan Umum", "", "as_is", {}, [], "Sektor pemerintahan umum pada referensi arsitektur proses bisnis nasional."),
    ("RAB.09.05", "Administrasi Persuratan dan Kearsipan", "", "as_is", {}, [], "Urusan tata naskah dinas, persuratan dan kearsipan pemerintahan."),
    ("RAB.09.06", "Manajemen Aparatur Sipil Negara", "", "as_is", {}, [], "Urusan manajemen ASN: kepegawaian, penugasan, cuti, pengembangan."),
    ("RAB.09.05.01", "Pengelolaan Surat Masuk dan Disposisi", "DISKOMINFO", "as_is",
     {"strategic_goal": "Meningkatnya kualitas tata kelola pemerintahan berbasis elektronik",
      "iku_indicator": "Persentase surat masuk yang ditindaklanjuti tepat waktu", "iku_target": "90%", "iku_actual": "84%"},
     ["RAL.02.09.01", "RAD.02.04.01"] + EOFFICE_STACK,
     "Pencatatan surat masuk, penerusan kepada pimpinan, disposisi berjenjang, laporan tindak lanjut dan pengarsipan."),
    ("RAB.09.05.02", "Pengelolaan Surat Keluar dan Tanda Tangan Elektronik", "DISKOMINFO", "as_is",
     {"strategic_goal": "Meningkatnya kualitas tata kelola pemerintahan berbasis elektronik",
      "iku_indicator": "Persentase naskah dinas keluar yang ditandatangani secara elektronik", "iku_target": "100%", "iku_actual": "76%"},
     ["RAL.02.09.01", "RAD.02.04.01", "RAK.01.02.01"] + EOFFICE_STACK,
     "Penyusunan konsep, paraf berjenjang, tanda tangan elektronik tersertifikasi BSrE, penomoran dan distribusi."),
    ("RAB.09.06.01", "Pengelolaan Cuti Aparatur Sipil Negara", "BKPSDM", "as_is",
     {"strategic_goal": "Meningkatnya kualitas pelayanan administrasi kepegawaian",
      "iku_indicator": "Persentase permohonan cuti diputus paling lama 3 hari kerja", "iku_target": "95%", "iku_actual": "88%"},
     ["RAL.02.07.01", "RAD.02.03.01"] + EOFFICE_STACK,
     "Permohonan cuti tahunan, sakit, besar dan alasan penting oleh ASN, pertimbangan atasan dan keputusan pejabat berwenang."),
    ("RAB.09.06.02", "Penugasan Pegawai melalui Surat Tugas", "BKPSDM", "baru",
     {"strategic_goal": "Meningkatnya kualitas pelayanan administrasi kepegawaian",
      "iku_indicator": "Persentase surat tugas diterbitkan paling lama 1 hari kerja", "iku_target": "90%", "iku_actual": ""},
     ["RAL.02.07.01", "RAD.02.04.01"] + EOFFICE_STACK,
     "Permohonan surat tugas oleh pegawai dan persetujuan atasan langsung."),
    # --- layanan ---
    ("RAL.01", "Layanan Publik", "", "as_is", {}, [], "Layanan kepada masyarakat dan pelaku usaha."),
    ("RAL.02", "Layanan Administrasi Pemerintahan", "", "as_is", {}, [], "Layanan internal penyelenggaraan pemerintahan."),
    ("RAL.02.07", "Layanan Kepegawaian", "", "as_is", {}, [], ""),
    ("RAL.02.09", "Layanan Kearsipan", "", "as_is", {}, [], "Layanan naskah dinas dan kearsipan (indikator Layanan Kearsipan PermenPANRB 59/2020)."),
    ("RAL.02.07.01", "Layanan Administrasi Kepegawaian", "BKPSDM", "as_is",
     {"service_users": "ASN Pemerintah Kota Tangerang", "channel": "e-Office (web dan ponsel)"}, [],
     "Cuti, surat tugas dan administrasi kepegawaian lain secara elektronik."),
    ("RAL.02.09.01", "Layanan Administrasi Persuratan Dinas", "DISKOMINFO", "as_is",
     {"service_users": "Perangkat daerah Pemerintah Kota Tangerang", "channel": "e-Office (web, ponsel, API)"}, [],
     "Pencatatan, disposisi, penyusunan, penandatanganan dan distribusi naskah dinas."),
    # --- data dan informasi ---
    ("RAD.02", "Data Penyelenggaraan Pemerintahan Umum", "", "as_is", {}, [], ""),
    ("RAD.02.03", "Data Kepegawaian", "", "as_is", {}, [], ""),
    ("RAD.02.04", "Data Kearsipan", "", "as_is", {}, [], ""),
    ("RAD.02.03.01", "Data Cuti Pegawai", "BKPSDM", "as_is",
     {"openness": "terbatas", "update_frequency": "harian", "data_steward": "BKPSDM"}, [],
     "Permohonan, persetujuan dan saldo cuti ASN."),
    ("RAD.02.04.01", "Data Naskah Dinas", "DISKOMINFO", "as_is",
     {"openness": "terbatas", "update_frequency": "real_time", "data_steward": "Diskominfo"}, [],
     "Metadata dan berkas surat masuk, surat keluar, disposisi dan jejak audit."),
    # --- aplikasi ---
    ("RAA.01", "Aplikasi Umum", "", "as_is", {}, [], "Aplikasi SPBE yang digunakan bersama oleh instansi pusat dan pemerintah daerah."),
    ("RAA.02", "Aplikasi Khusus", "", "as_is", {}, [], "Aplikasi untuk memenuhi kebutuhan khusus instansi."),
    ("RAA.01.03", "Aplikasi Umum Bidang Naskah Dinas dan Kearsipan", "", "as_is", {}, [], ""),
    ("RAA.01.03.01", "Aplikasi Perkantoran Elektronik (e-Office)", "DISKOMINFO", "as_is",
     {"url": "https://eoffice.tangerangkota.go.id", "developer": "Diskominfo Kota Tangerang"},
     ["RAI.01.01.01", "RAK.01.01.01", "RAK.01.02.01"],
     "Aplikasi persuratan, disposisi, persetujuan dan tanda tangan elektronik berbasis BPMN; berdampingan dengan SRIKANDI."),
    # --- infrastruktur ---
    ("RAI.01", "Pusat Data", "", "as_is", {}, [], ""),
    ("RAI.01.01", "Pusat Data Pemerintah Daerah", "", "as_is", {}, [], ""),
    ("RAI.01.01.01", "Pusat Data Pemerintah Kota Tangerang", "DISKOMINFO", "as_is",
     {"infra_type": "pusat_data", "location": "Gedung Pusat Pemerintahan Kota Tangerang"}, [],
     "Ruang server, komputasi virtual dan penyimpanan yang menjalankan e-Office."),
    ("RAI.02", "Jaringan Intra", "", "as_is", {}, [], ""),
    ("RAI.02.01", "Jaringan Intra Pemerintah Daerah", "", "as_is", {}, [], ""),
    ("RAI.02.01.01", "Jaringan Intra Pemerintah Kota Tangerang", "DISKOMINFO", "pengembangan",
     {"infra_type": "jaringan_intra", "location": "Seluruh perangkat daerah"}, [], ""),
    # --- keamanan ---
    ("RAK.01", "Keamanan Informasi", "", "as_is", {}, [], ""),
    ("RAK.01.01", "Pengendalian Akses", "", "as_is", {}, [], ""),
    ("RAK.01.02", "Kriptografi", "", "as_is", {}, [], ""),
    ("RAK.01.01.01", "Manajemen Identitas dan Akses", "DISKOMINFO", "as_is",
     {"control_type": "Akses berbasis peran dan jabatan, Plh/Plt tercatat", "standard": "SNI ISO/IEC 27001:2022"}, [],
     "Akun ASN, peran, penugasan Plh/Plt dan jejak audit berantai hash."),
    ("RAK.01.02.01", "Sertifikat Elektronik dan Tanda Tangan Elektronik", "DISKOMINFO", "as_is",
     {"control_type": "Tanda tangan elektronik tersertifikasi (PAdES)", "standard": "PP 71/2019; UU ITE Pasal 11"}, [],
     "Sertifikat elektronik BSrE (BSSN) untuk penandatanganan naskah dinas."),
]
