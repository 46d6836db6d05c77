"""Demo organisation of a city government (Pemerintah Kota Tangerang): units, positions, people.

Sample data for the demo and the tests; names and numbers are invented.
"""
from __future__ import annotations

# (code, name, kind, parent_code, address)
UNITS = [
    ("PEMKOT", "Pemerintah Kota Tangerang", "pemda", None, "Jl. Satria Sudirman No. 1, Tangerang"),
    ("SETDA", "Sekretariat Daerah", "opd", "PEMKOT", "Jl. Satria Sudirman No. 1, Tangerang"),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika", "opd", "PEMKOT", "Gedung Pusat Pemerintahan Lt. 4, Jl. Satria Sudirman No. 1, Tangerang 15111"),
    ("DISKOMINFO.SEKRE", "Sekretariat", "bidang", "DISKOMINFO", ""),
    ("DISKOMINFO.UMUM", "Subbagian Umum dan Kepegawaian", "seksi", "DISKOMINFO.SEKRE", ""),
    ("DISKOMINFO.APTIKA", "Bidang Aplikasi Informatika", "bidang", "DISKOMINFO", ""),
    ("DISKOMINFO.EGOV", "Seksi E-Government", "seksi", "DISKOMINFO.APTIKA", ""),
    ("DISKOMINFO.INFRA", "Seksi Infrastruktur TIK", "seksi", "DISKOMINFO.APTIKA", ""),
    ("DISKOMINFO.IKP", "Bidang Informasi dan Komunikasi Publik", "bidang", "DISKOMINFO", ""),
    ("DISKOMINFO.STAT", "Bidang Statistik dan Persandian", "bidang", "DISKOMINFO", ""),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "opd", "PEMKOT", "Gedung Pusat Pemerintahan Lt. 3, Jl. Satria Sudirman No. 1, Tangerang 15111"),
    ("BKPSDM.SEKRE", "Sekretariat", "bidang", "BKPSDM", ""),
    ("BKPSDM.MUTASI", "Bidang Mutasi dan Promosi", "bidang", "BKPSDM", ""),
    ("BKPSDM.PENGEMBANGAN", "Bidang Pengembangan Kompetensi", "bidang", "BKPSDM", ""),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "opd", "PEMKOT", "Gedung Pusat Pemerintahan Lt. 2, Jl. Satria Sudirman No. 1, Tangerang 15111"),
    ("BAPPEDA.SEKRE", "Sekretariat", "bidang", "BAPPEDA", ""),
    ("BAPPEDA.EKONOMI", "Bidang Perekonomian dan Sumber Daya Alam", "bidang", "BAPPEDA", ""),
    ("INSPEKTORAT", "Inspektorat", "opd", "PEMKOT", "Jl. Satria Sudirman No. 1, Tangerang"),
]

# (position code, title, unit code, superior position code, is_head, login, name, roles)
PEOPLE = [
    ("SEKDA", "Sekretaris Daerah", "SETDA", None, True, "sekda", "Drs. Herman Suwarman, M.Si.", ()),
    ("KADIS.KOMINFO", "Kepala Dinas Komunikasi dan Informatika", "DISKOMINFO", "SEKDA", True, "kadis.kominfo", "Ir. Rina Kartikasari, M.T.", ()),
    ("SEKDIS.KOMINFO", "Sekretaris Dinas Komunikasi dan Informatika", "DISKOMINFO.SEKRE", "KADIS.KOMINFO", True, "sekdis.kominfo", "Ahmad Fauzi, S.Sos., M.M.", ()),
    ("KASUBAG.UMUM.KOMINFO", "Kepala Subbagian Umum dan Kepegawaian", "DISKOMINFO.UMUM", "SEKDIS.KOMINFO", True, "kasubag.umum", "Siti Nurhaliza, S.E.", ()),
    ("TU.KOMINFO", "Pengelola Naskah Dinas", "DISKOMINFO.UMUM", "KASUBAG.UMUM.KOMINFO", False, "tu.kominfo", "Dewi Lestari, A.Md.", ("pencatat",)),
    ("KABID.APTIKA", "Kepala Bidang Aplikasi Informatika", "DISKOMINFO.APTIKA", "KADIS.KOMINFO", True, "kabid.aptika", "Budi Santoso, S.Kom., M.T.I.", ()),
    ("KASI.EGOV", "Kepala Seksi E-Government", "DISKOMINFO.EGOV", "KABID.APTIKA", True, "kasi.egov", "Andi Wijaya, S.T.", ()),
    ("STAF.EGOV1", "Pranata Komputer Ahli Pertama", "DISKOMINFO.EGOV", "KASI.EGOV", False, "staf.egov1", "Rudi Hartono, S.Kom.", ("konseptor",)),
    ("STAF.EGOV2", "Analis Sistem Informasi", "DISKOMINFO.EGOV", "KASI.EGOV", False, "staf.egov2", "Maya Sari, S.Kom.", ("konseptor",)),
    ("ADMIN.EOFFICE", "Administrator Sistem e-Office", "DISKOMINFO.EGOV", "KASI.EGOV", False, "admin", "Yusuf Pratama, S.Kom.", ("admin",)),
    ("KASI.INFRA", "Kepala Seksi Infrastruktur TIK", "DISKOMINFO.INFRA", "KABID.APTIKA", True, "kasi.infra", "Hendra Gunawan, S.T.", ()),
    ("STAF.INFRA1", "Teknisi Jaringan", "DISKOMINFO.INFRA", "KASI.INFRA", False, "staf.infra1", "Agus Salim", ()),
    ("KABID.IKP", "Kepala Bidang Informasi dan Komunikasi Publik", "DISKOMINFO.IKP", "KADIS.KOMINFO", True, "kabid.ikp", "Lina Marlina, S.I.Kom.", ()),
    ("KASI.IKP", "Kepala Seksi Pengelolaan Informasi Publik", "DISKOMINFO.IKP", "KABID.IKP", True, "kasi.ikp", "Fajar Nugroho, S.Sos.", ()),
    ("STAF.IKP1", "Pranata Humas", "DISKOMINFO.IKP", "KASI.IKP", False, "staf.ikp1", "Nina Anggraini, S.I.Kom.", ()),
    ("KABID.STAT", "Kepala Bidang Statistik dan Persandian", "DISKOMINFO.STAT", "KADIS.KOMINFO", True, "kabid.stat", "Dr. Taufik Hidayat, M.Stat.", ()),
    ("STAF.STAT1", "Statistisi Ahli Pertama", "DISKOMINFO.STAT", "KABID.STAT", False, "staf.stat1", "Putri Ayu, S.Si.", ()),
    ("KADIS.BKPSDM", "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", "SEKDA", True, "kadis.bkpsdm", "Dra. Endang Supriyati, M.AP.", ()),
    ("SEKBAN.BKPSDM", "Sekretaris Badan Kepegawaian dan Pengembangan SDM", "BKPSDM.SEKRE", "KADIS.BKPSDM", True, "sekban.bkpsdm", "Wahyu Setiawan, S.H.", ()),
    ("TU.BKPSDM", "Pengelola Naskah Dinas", "BKPSDM.SEKRE", "SEKBAN.BKPSDM", False, "tu.bkpsdm", "Rina Wulandari", ("pencatat",)),
    ("KABID.MUTASI", "Kepala Bidang Mutasi dan Promosi", "BKPSDM.MUTASI", "KADIS.BKPSDM", True, "kabid.mutasi", "Irfan Maulana, S.IP.", ()),
    ("STAF.MUTASI1", "Analis Kepegawaian", "BKPSDM.MUTASI", "KABID.MUTASI", False, "staf.mutasi1", "Dian Permata, S.Psi.", ()),
    ("STAF.MUTASI2", "Pengolah Data Kepegawaian", "BKPSDM.MUTASI", "KABID.MUTASI", False, "staf.mutasi2", "Eko Prasetyo", ()),
    ("KABID.BANGKOM", "Kepala Bidang Pengembangan Kompetensi", "BKPSDM.PENGEMBANGAN", "KADIS.BKPSDM", True, "kabid.bangkom", "Ratna Dewi, S.Pd., M.M.", ()),
    ("STAF.BANGKOM1", "Widyaiswara Ahli Pertama", "BKPSDM.PENGEMBANGAN", "KABID.BANGKOM", False, "staf.bangkom1", "Galih Ramadhan, S.Pd.", ()),
    ("KEPALA.BAPPEDA", "Kepala Badan Perencanaan Pembangunan Daerah", "BAPPEDA", "SEKDA", True, "kepala.bappeda", "Ir. Bambang Wicaksono, M.Sc.", ()),
    ("SEKBAN.BAPPEDA", "Sekretaris Badan Perencanaan Pembangunan Daerah", "BAPPEDA.SEKRE", "KEPALA.BAPPEDA", True, "sekban.bappeda", "Nurul Hidayah, S.E., M.Ak.", ()),
    ("TU.BAPPEDA", "Pengelola Naskah Dinas", "BAPPEDA.SEKRE", "SEKBAN.BAPPEDA", False, "tu.bappeda", "Sri Mulyani", ("pencatat",)),
    ("KABID.EKONOMI", "Kepala Bidang Perekonomian dan Sumber Daya Alam", "BAPPEDA.EKONOMI", "KEPALA.BAPPEDA", True, "kabid.ekonomi", "Arief Rahman, S.E., M.E.", ()),
    ("STAF.EKONOMI1", "Perencana Ahli Pertama", "BAPPEDA.EKONOMI", "KABID.EKONOMI", False, "staf.ekonomi1", "Tri Handayani, S.E.", ()),
    ("INSPEKTUR", "Inspektur Kota Tangerang", "INSPEKTORAT", "SEKDA", True, "inspektur", "Drs. Joko Susilo, M.Ak.", ()),
    ("AUDITOR.INSPEKTORAT", "Auditor Ahli Muda", "INSPEKTORAT", "INSPEKTUR", False, "auditor.inspektorat", "Kurniawati, S.E., Ak.", ("auditor",)),
]
